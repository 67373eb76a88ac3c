import type { ProviderDescriptor } from '../providers/types.js';
import type { CredentialValues } from '../store/credentials-store.js';
import type { CredentialKind, CredentialSource, ResolvedCredential } from './credential.js';
import { resolveCredential } from './resolve-credential.js';
import { validateCredential, type ValidationResult } from './validate.js';

/** What `config show` reports for one provider. */
export interface ProviderStatus {
  id: string;
  name: string;
  status: 'ready' | 'stored' | 'missing';
  validated: boolean;
  /** Why validation failed, one line, secrets scrubbed. */
  reason?: string;
  /** The provider's full error, for `--verbose`. */
  detail?: string;
  /** Set when validation timed out: the limit it hit. */
  timedOutAfterMs?: number;
  note?: string;
  source?: CredentialSource;
  auth?: CredentialKind;
  /** OAuth access token expiry, Unix epoch seconds. */
  expiresAt?: number;
  /** File credentials hidden by an environment variable. */
  shadowed?: CredentialSource[];
}

/** How `checkProviderStatus` checks a provider: whether to ask it, and for how long. */
export interface StatusOptions {
  validate: boolean;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  /**
   * Turns the resolved credential into the one a request would send (an OAuth token
   * refreshed when it has expired). Defaults to using it as stored.
   */
  prepare?: (credential: ResolvedCredential, signal: AbortSignal) => Promise<ResolvedCredential>;
}

/**
 * The status of one provider: which credential it would use and, unless `validate` is
 * false, whether the provider accepts it within `timeoutMs` (refresh included).
 */
export async function checkProviderStatus(
  provider: ProviderDescriptor,
  values: CredentialValues,
  options: StatusOptions,
): Promise<ProviderStatus> {
  const base = { id: provider.id, name: provider.name };
  const stored = resolveCredential(provider, values, options.env);
  if (!stored) return { ...base, status: 'missing', validated: false };
  const described = describe(stored);
  if (!options.validate) return { ...base, status: 'stored', validated: false, ...described };

  const deadline = AbortSignal.timeout(options.timeoutMs);
  let result: ValidationResult;
  let credential = stored;
  try {
    credential = options.prepare ? await options.prepare(stored, deadline) : stored;
    result = await validateCredential(credential, {
      timeoutMs: options.timeoutMs,
      signal: deadline,
      env: options.env,
      fetch: options.fetch,
    });
  } catch (error) {
    if (deadline.aborted) result = { status: 'timeout', timeoutMs: options.timeoutMs };
    else {
      const message = (error as Error).message;
      result = { status: 'invalid', reason: message, detail: message };
    }
  }
  const after = { ...base, ...describe(credential) };
  switch (result.status) {
    case 'valid':
      return { ...after, status: 'ready', validated: true, note: result.note };
    case 'timeout':
      return { ...after, status: 'stored', validated: false, timedOutAfterMs: result.timeoutMs };
    case 'invalid':
      return {
        ...after,
        status: 'stored',
        validated: false,
        reason: result.reason,
        detail: result.detail,
      };
  }
}

function describe(credential: ResolvedCredential) {
  return {
    source: credential.source,
    auth: credential.kind,
    ...(credential.expiresAt !== undefined ? { expiresAt: credential.expiresAt } : {}),
    ...(credential.shadowed.length > 0 ? { shadowed: credential.shadowed } : {}),
  };
}
