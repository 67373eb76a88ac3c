import type { IncomingMessage } from 'node:http';
import { readLimitedText } from './limited-body.js';

/** One small request: a validation ping, a token or a revocation request. */
export interface HttpRequest {
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** Bodies longer than this are not read: `body` is `undefined` then. */
  maxBodyBytes: number;
  /** False when only the status of a 2xx answer matters: its body is not waited for. */
  readSuccessBody?: boolean;
}

/** The answer; redirects are never followed, so a 3xx arrives here as it is. */
export interface HttpAnswer {
  status: number;
  contentType: string;
  /** `undefined` when the body was longer than `maxBodyBytes`. */
  body: string | undefined;
}

/** Sends an `HttpRequest`. Rejects on network failure and when the signal aborts. */
export type HttpTransport = (request: HttpRequest) => Promise<HttpAnswer>;

/**
 * The default transport, on `node:http` and `node:https`. Global `fetch` would do, but
 * loading it costs a short-lived command about 40 MB of memory and 90 ms.
 */
export const nodeTransport: HttpTransport = async (req) => {
  // Loaded on first use: node:https alone adds about 5 ms to every command's start-up.
  const { request } = req.url.protocol === 'https:'
    ? await import('node:https')
    : await import('node:http');
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...req.headers };
    if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
    const options = { method: req.method, headers, signal: req.signal };
    const outgoing = request(req.url, options, (res) => {
      const status = res.statusCode ?? 0;
      if (req.readSuccessBody === false && status >= 200 && status < 300) {
        res.destroy();
        resolve({ status, contentType: String(res.headers['content-type'] ?? ''), body: '' });
        return;
      }
      readCapped(res, req.maxBodyBytes).then(
        (body) =>
          resolve({ status, contentType: String(res.headers['content-type'] ?? ''), body }),
        reject,
      );
    });
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
};

function readCapped(res: IncomingMessage, limit: number): Promise<string | undefined> {
  if (Number(res.headers['content-length'] ?? 0) > limit) {
    res.destroy();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) {
        // Stop reading a huge or endless answer instead of buffering it.
        resolve(undefined);
        res.destroy();
        return;
      }
      chunks.push(chunk);
    });
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
    // Only the first settle counts: after `end` or the cap this changes nothing.
    res.on('close', () => reject(new Error('the connection closed before the answer ended')));
  });
}

/** A transport over a caller's `fetch` (a proxy-aware one, or a test double). */
export function fetchTransport(fetchImpl: typeof fetch): HttpTransport {
  return async (req) => {
    const response = await fetchImpl(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      redirect: 'manual',
      signal: req.signal,
    });
    const contentType = response.headers.get('content-type') ?? '';
    if (req.readSuccessBody === false && response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return { status: response.status, contentType, body: '' };
    }
    const { text, truncated } = await readLimitedText(response, req.maxBodyBytes);
    return { status: response.status, contentType, body: truncated ? undefined : text };
  };
}

/** The transport for an optional `fetch` option: the caller's, else `nodeTransport`. */
export function chooseTransport(fetchImpl: typeof fetch | undefined): HttpTransport {
  return fetchImpl ? fetchTransport(fetchImpl) : nodeTransport;
}

/** `ECONNREFUSED` and the like, from either transport; never the request itself. */
export function describeNetworkFailure(error: unknown): string {
  type Cause = { code?: unknown; message?: unknown; errors?: Cause[]; cause?: Cause };
  const e = error as Cause | undefined;
  const code = e?.code ?? e?.cause?.code ?? e?.cause?.errors?.[0]?.code ?? e?.errors?.[0]?.code;
  return typeof code === 'string' ? code : 'network error';
}
