import { assertSafeUrl } from '../http/url-guard.js';
import { readCappedText } from './capped-body.js';
import type { TokenRequestOptions } from './types.js';

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
    const response = await (o.fetch ?? fetch)(url, {
      method: 'POST',
      headers: {
        'content-type':
          encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: encoding === 'json' ? JSON.stringify(params) : new URLSearchParams(params).toString(),
      // A redirect could carry the body to another host; RFC 6749 gives no reason to follow.
      redirect: 'manual',
      signal: controller.signal,
    });
    const body = await readCappedText(response);
    const contentType = response.headers.get('content-type') ?? '';
    return { kind: 'answer', status: response.status, contentType, body };
  } catch (error) {
    if (timedOut) return { kind: 'timeout', timeoutMs: o.timeoutMs };
    if (o.signal?.aborted) return { kind: 'aborted' };
    return { kind: 'network', reason: networkReason(error) };
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', onAbort);
  }
}

/** `ECONNREFUSED` and the like; fetch hides them in `cause`. Never the request itself. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  return 'network error';
}
