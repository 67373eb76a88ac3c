import { extractProviderMessage, scrubSecrets } from '../http/provider-message.js';
import { ERROR_BODY_LIMIT } from '../http/limited-body.js';
import { chooseTransport, describeNetworkFailure } from '../http/transport.js';
import { resolveApiBaseUrl } from '../providers/registry.js';
import { buildAuthHeaders } from './auth-headers.js';
import type { ResolvedCredential } from './credential.js';

/** The outcome of checking a credential against its provider. */
export type ValidationResult =
  | { status: 'valid'; note?: string }
  | { status: 'invalid'; reason: string; detail: string; httpStatus?: number }
  | { status: 'timeout'; timeoutMs: number };

/** Limits and overrides for one validation request. */
export interface ValidateOptions {
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

/**
 * Sends the provider's free validation request (a model listing) with the credential,
 * authenticated exactly as real requests are. A 2xx answer is valid; anything else is
 * invalid with the status and the provider's own message, secrets scrubbed out.
 * Never throws for network trouble: that is an `invalid` result. Throws `ERR_UNSAFE_URL`
 * for a base-URL override that would send the secret in clear text, before sending.
 */
export async function validateCredential(
  credential: ResolvedCredential,
  options: ValidateOptions,
): Promise<ValidationResult> {
  const { provider } = credential;
  const base = resolveApiBaseUrl(provider, options.env);
  const url = `${base}${provider.validation.path}`;
  const headers = { ...provider.validation.headers, ...buildAuthHeaders(credential) };
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const secrets = [credential.secret];
  try {
    const answer = await chooseTransport(options.fetch)({
      method: 'GET',
      url: new URL(url),
      headers,
      signal,
      maxBodyBytes: ERROR_BODY_LIMIT,
      readSuccessBody: false,
    });
    if (answer.status >= 200 && answer.status < 300) return { status: 'valid' };
    const text = answer.body ?? '';
    const message = extractProviderMessage(text);
    if (credential.kind === 'oauth' && isScopeLimit(answer.status, message)) {
      // The provider knew the token and only refused this endpoint's scope.
      return { status: 'valid', note: 'token accepted; it has no scope for this API' };
    }
    const reason = scrubSecrets(
      message ? `${answer.status} ${message}` : `HTTP ${answer.status}`,
      secrets,
    );
    const detail = scrubSecrets(`GET ${url} -> ${answer.status}: ${oneLine(text)}`, secrets);
    return { status: 'invalid', reason, detail, httpStatus: answer.status };
  } catch (error) {
    // A caller's deadline (config show gives one to refresh and validation together) can
    // fire a moment before this request's own timer; either means the provider was too slow.
    if (timeout.aborted || isTimeoutReason(signal.reason)) {
      return { status: 'timeout', timeoutMs: options.timeoutMs };
    }
    const why = `cannot reach the provider (${describeNetworkFailure(error)})`;
    return {
      status: 'invalid',
      reason: scrubSecrets(why, secrets),
      detail: scrubSecrets(`GET ${url}: ${why}`, secrets),
    };
  }
}

function isTimeoutReason(reason: unknown): boolean {
  return (reason as { name?: unknown } | undefined)?.name === 'TimeoutError';
}

function isScopeLimit(status: number, message: string | undefined): boolean {
  // OpenAI answers a ChatGPT token's missing API scopes with 401 or 403.
  return (status === 401 || status === 403) && /missing scopes?/i.test(message ?? '');
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 500 ? `${flat.slice(0, 500)}…` : flat;
}
