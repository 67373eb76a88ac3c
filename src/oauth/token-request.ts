import { assertSafeUrl } from '../http/url-guard.js';
import { chooseTransport, describeNetworkFailure } from '../http/transport.js';
import type { TokenRequestOptions } from './types.js';

/** Token endpoint answers are small; anything past this is refused, not buffered. */
export const MAX_TOKEN_RESPONSE_BYTES = 1024 * 1024;

/** How a POST to a token or revocation endpoint ended, before any interpretation. */
export type EndpointOutcome =
  | { kind: 'answer'; status: number; contentType: string; body: string | undefined }
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'network'; reason: string }
  | { kind: 'aborted' };

/**
 * POSTs `params` as a form (RFC 6749 appendix B) or as JSON, never follows a redirect,
 * and reads at most 1 MiB of the answer (`body` is `undefined` past that). The timeout
 * covers the body as well as the headers. Never throws for transport failures; the
 * caller maps every outcome in one place (token-response.ts).
 */
export async function postToEndpoint(
  endpoint: string,
  params: Record<string, string>,
  encoding: 'form' | 'json',
  o: TokenRequestOptions,
): Promise<EndpointOutcome> {
  // Config is checked when it is resolved; checking again here keeps a hand-built config
  // from sending a refresh token over plain http.
  const url = assertSafeUrl(endpoint, 'the OAuth endpoint');
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, o.timeoutMs);
  const onAbort = (): void => controller.abort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  if (o.signal?.aborted) controller.abort();

  try {
    // Redirects are never followed: one could carry the body to another host, and
    // RFC 6749 gives a token endpoint no reason to send one.
    const answer = await chooseTransport(o.fetch)({
      method: 'POST',
      url,
      headers: {
        'content-type':
          encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: encoding === 'json' ? JSON.stringify(params) : new URLSearchParams(params).toString(),
      signal: controller.signal,
      maxBodyBytes: MAX_TOKEN_RESPONSE_BYTES,
    });
    return { kind: 'answer', ...answer };
  } catch (error) {
    if (timedOut) return { kind: 'timeout', timeoutMs: o.timeoutMs };
    if (o.signal?.aborted) return { kind: 'aborted' };
    return { kind: 'network', reason: describeNetworkFailure(error) };
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', onAbort);
  }
}
