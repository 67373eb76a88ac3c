import { PeekabooError, PeekabooOAuthError, type PeekabooErrorCode } from '../errors.js';
import { findProvider } from '../providers/registry.js';
import type { ProviderDescriptor, ProviderId } from '../providers/types.js';
import { CredentialStore } from '../store/credentials-store.js';
import type { ResolvedCredential } from './credential.js';
import { needsRefresh, refreshStoredTokens } from './refresh.js';
import { resolveCredential } from './resolve-credential.js';

/** Where a `CredentialManager` reads credentials, and how it refreshes them. */
export interface CredentialManagerOptions {
  store?: CredentialStore;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  /** Per token request; default 30 s. */
  timeoutMs?: number;
  /** Unix epoch seconds; a parameter for tests. */
  now?: () => number;
}

/** Options of `CredentialManager.getCredential`. */
export interface GetCredentialOptions {
  signal?: AbortSignal;
  /** Refresh even though the token looks fresh, because the provider refused it. */
  rejectedAccessToken?: string;
}

/**
 * Hands out the credential a provider request should use right now: environment first,
 * then OAuth tokens (refreshed when they expire soon), then the stored API key.
 * Concurrent callers in one process share one refresh per provider; across processes the
 * credentials lock does the same (see `refreshStoredTokens`).
 */
export class CredentialManager {
  readonly store: CredentialStore;
  private readonly env: NodeJS.ProcessEnv;
  private readonly options: CredentialManagerOptions;
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(options: CredentialManagerOptions = {}) {
    this.env = options.env ?? process.env;
    this.store = options.store ?? new CredentialStore({ env: this.env });
    this.options = options;
  }

  /** The credential as stored, without refreshing; `undefined` when there is none. */
  peek(provider: ProviderId | ProviderDescriptor): ResolvedCredential | undefined {
    return resolveCredential(toDescriptor(provider), this.store.readSync(), this.env);
  }

  /**
   * The credential to send now, refreshing an OAuth token first when needed.
   * Throws `ERR_NOT_CONFIGURED` when the provider has no credential, and the refresh
   * errors `ERR_REFRESH_REJECTED` / `ERR_REFRESH_TRANSIENT`.
   */
  async getCredential(
    provider: ProviderId | ProviderDescriptor,
    options: GetCredentialOptions = {},
  ): Promise<ResolvedCredential> {
    const descriptor = toDescriptor(provider);
    const current = this.peek(descriptor);
    if (!current) throw notConfigured(descriptor);
    if (current.kind !== 'oauth') return current;
    const forced = options.rejectedAccessToken !== undefined;
    if (!forced && current.secret !== '' && !needsRefresh(current.expiresAt, this.now())) {
      return current;
    }
    const replacing = forced ? options.rejectedAccessToken : current.secret;
    await waitUnlessAborted(this.refreshOnce(descriptor, replacing ?? ''), options.signal);
    const fresh = this.peek(descriptor);
    if (!fresh) throw notConfigured(descriptor);
    return fresh;
  }

  /** Like `getCredential`, for an existing credential the provider just refused (401). */
  async refreshAfterRejection(
    credential: ResolvedCredential,
    options: { signal?: AbortSignal } = {},
  ): Promise<ResolvedCredential> {
    return this.getCredential(credential.provider, {
      ...options,
      rejectedAccessToken: credential.secret,
    });
  }

  /**
   * One refresh per provider and stale token at a time in this process. No caller's signal
   * reaches the token request: once sent, the provider may already have spent the old
   * refresh token, so the answer must be stored even if that caller has given up.
   */
  private refreshOnce(provider: ProviderDescriptor, replacing: string) {
    const key = `${provider.id}:${replacing}`;
    const running = this.inFlight.get(key);
    if (running) return running;
    const refresh = refreshStoredTokens(this.store, provider, {
      env: this.env,
      timeoutMs: this.options.timeoutMs ?? 30_000,
      fetch: this.options.fetch,
      now: this.options.now,
      replacing,
    })
      .then(() => undefined)
      .catch((error: unknown) => {
        throw explainRefreshFailure(provider, error);
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, refresh);
    return refresh;
  }

  private now(): number {
    return this.options.now?.() ?? Math.floor(Date.now() / 1000);
  }
}

/** Resolves with `work`, or rejects as soon as `signal` aborts; `work` goes on either way. */
function waitUnlessAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(aborted(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(aborted(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function aborted(signal: AbortSignal): unknown {
  const reason: unknown = signal.reason;
  // A deadline's TimeoutError passes through, so callers can tell a timeout from a cancel.
  if ((reason as { name?: unknown } | undefined)?.name === 'TimeoutError') return reason;
  return new PeekabooError('ERR_ABORTED', 'the request was cancelled');
}

function toDescriptor(provider: ProviderId | ProviderDescriptor): ProviderDescriptor {
  return typeof provider === 'string' ? findProvider(provider) : provider;
}

function notConfigured(provider: ProviderDescriptor): PeekabooError {
  const how = provider.oauth
    ? `peekaboo config login ${provider.id}' or 'peekaboo config add ${provider.id}`
    : `peekaboo config add ${provider.id}`;
  return new PeekabooError('ERR_NOT_CONFIGURED', `no ${provider.name} credential is configured`, {
    hint: `run '${how}'`,
  });
}

/** Puts the refresh outcome in the words the person needs: sign in again, or retry. */
function explainRefreshFailure(provider: ProviderDescriptor, error: unknown): unknown {
  if (!(error instanceof PeekabooError)) return error;
  if (error.code === 'ERR_REFRESH_REJECTED') {
    return new PeekabooOAuthError(
      'ERR_REFRESH_REJECTED',
      `refresh failed: ${error.message}; run 'peekaboo config login ${provider.id}'`,
      error instanceof PeekabooOAuthError ? details(error) : {},
    );
  }
  if (error.code === 'ERR_REFRESH_TRANSIENT') {
    return new PeekabooOAuthError(
      'ERR_REFRESH_TRANSIENT',
      `refresh failed for now (transient): ${error.message}; the stored tokens are unchanged, ` +
        'try again shortly',
      error instanceof PeekabooOAuthError ? details(error) : {},
    );
  }
  if (REFRESH_ANSWER_PROBLEMS.has(error.code)) {
    // A broken answer (HTML, a redirect, a token with a line break) stored nothing.
    return new PeekabooOAuthError(
      error.code,
      `refresh failed: ${error.message}; if this keeps happening, ` +
        `run 'peekaboo config login ${provider.id}'`,
      error instanceof PeekabooOAuthError ? details(error) : {},
    );
  }
  return error;
}

const REFRESH_ANSWER_PROBLEMS = new Set<PeekabooErrorCode>([
  'ERR_OAUTH_BAD_RESPONSE',
  'ERR_OAUTH_TOKEN_ENDPOINT',
  'ERR_INVALID_VALUE',
]);

function details(error: PeekabooOAuthError) {
  return { status: error.status, error: error.error, errorDescription: error.errorDescription };
}
