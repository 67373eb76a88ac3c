import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { PeekabooError, PeekabooOAuthError } from '../errors.js';
import { readAuthorizationResponse } from './authorization-response.js';
import { renderCallbackPage } from './callback-page.js';
import { loopbackRedirect } from './loopback-redirect.js';

/** A running loopback callback server (RFC 8252 section 7.3). */
export interface CallbackServer {
  port: number;
  /** Settles once: with the first code whose state matches, or with the first failure. */
  result: Promise<{ code: string; state: string }>;
  /**
   * Answers the browser that brought the code, when `holdSuccessPage` kept it waiting, with
   * a page that says whether sign-in worked. Does nothing when no page is held.
   */
  reply(outcome: { ok: boolean; detail?: string }): void;
  /**
   * Answers a held page that got no reply, then stops listening; a `result` still pending
   * then rejects with `ERR_ABORTED`.
   */
  close(): Promise<void>;
}

/**
 * Listens on the loopback address and port of `redirectUri` for the authorization
 * response. Binds 127.0.0.1 (and also ::1 when the host is `localhost` and IPv6 exists),
 * never a public interface. Only the redirect path answers; every other path is a 404.
 * A provider error or a state mismatch rejects `result` (`ERR_OAUTH_BAD_CODE`,
 * `ERR_OAUTH_STATE_MISMATCH`); after the first answer later requests get 410 Gone.
 *
 * Rejects with the listen error itself when the port cannot be bound; its `code` is
 * `EADDRINUSE` when the port is taken, so callers can fall back to pasting the code.
 * Throws `ERR_INVALID_VALUE` when `redirectUri` is not an http:// loopback URL.
 *
 * With `holdSuccessPage`, the browser that brought the code waits for `reply` (or `close`),
 * so its page can tell the outcome of the token exchange rather than guess it; aborting
 * `signal` then leaves that page waiting for its answer.
 */
export async function startCallbackServer(opts: {
  redirectUri: string;
  expectedState: string;
  signal?: AbortSignal;
  holdSuccessPage?: boolean;
}): Promise<CallbackServer> {
  const redirect = loopbackRedirect(opts.redirectUri);
  if (opts.signal?.aborted) throw abortedError('sign-in was cancelled');

  let settled = false;
  let resolveResult!: (value: { code: string; state: string }) => void;
  let rejectResult!: (error: Error) => void;
  const result = new Promise<{ code: string; state: string }>((resolve, reject) => {
    resolveResult = resolve;
    rejectResult = reject;
  });
  // Callers that stop caring (the code was pasted instead) must not see an unhandled rejection.
  result.catch(() => undefined);

  let held: { res: ServerResponse; answered: boolean; done: Promise<void> } | undefined;

  const settle = (outcome: { code: string; state: string } | Error): void => {
    if (settled) return;
    settled = true;
    if (outcome instanceof Error) rejectResult(outcome);
    else resolveResult(outcome);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      // Any local process can send a request line that is no URL; it must not end the login.
      return sendText(res, 400, 'Bad request');
    }
    if (url.pathname !== redirect.pathname) return sendText(res, 404, 'Not found');
    if (req.method !== 'GET') return sendText(res, 405, 'Method not allowed');
    if (settled) return sendPage(res, 410, false, 'This sign-in link was already used.');

    const response = readAuthorizationResponse(url.searchParams);
    // A state that is present must match even on an error answer, so a stray request
    // cannot pass itself off as the provider. The first mismatch ends the attempt, which
    // also means the state cannot be guessed by trying.
    const stateMatches = response.state === opts.expectedState;
    if ((response.state !== undefined || response.code !== undefined) && !stateMatches) {
      const error = new PeekabooOAuthError(
        'ERR_OAUTH_STATE_MISMATCH',
        'the sign-in answer does not belong to this login (state mismatch)',
      );
      sendPage(res, 400, false, error.message);
      settle(error);
    } else if (response.error && !stateMatches) {
      // RFC 6749 section 4.1.2.1: the provider sends the state back with an error too.
      // Without it, this is any web page poking the port; keep waiting.
      sendPage(res, 400, false, 'This answer does not belong to this sign-in.');
      return;
    } else if (response.error) {
      sendPage(res, 400, false, response.error.message);
      settle(response.error);
    } else if (response.code === undefined || response.code === '') {
      // Not an authorization response (a prefetch, a hand-typed URL): keep waiting.
      sendPage(res, 400, false, 'This address expects a sign-in code.');
      return;
    } else if (opts.holdSuccessPage) {
      const done = new Promise<void>((resolve) => res.once('close', resolve));
      held = { res, answered: false, done };
      settle({ code: response.code, state: opts.expectedState });
      return;
    } else {
      sendPage(res, 200, true);
      settle({ code: response.code, state: opts.expectedState });
    }
    res.once('finish', () => void close());
  };

  const reply = (outcome: { ok: boolean; detail?: string }): void => {
    if (!held || held.answered) return;
    held.answered = true;
    sendPage(held.res, outcome.ok ? 200 : 400, outcome.ok, outcome.detail);
    held.res.once('finish', () => void close());
  };

  const servers = await listenAll(redirect.hosts, redirect.port, handle);
  const port = (servers[0]?.address() as { port: number }).port;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    settle(abortedError('the callback server was closed before a code arrived'));
    opts.signal?.removeEventListener('abort', onAbort);
    closing ??= (async () => {
      // Closing every connection at once would cut a held page off mid-answer.
      reply({ ok: false, detail: 'Sign-in stopped before it finished.' });
      await held?.done;
      await Promise.all(servers.map(stopServer));
    })();
    return closing;
  };
  const onAbort = (): void => {
    settle(abortedError('sign-in was cancelled'));
    if (!held) void close();
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) onAbort();
  for (const server of servers) server.on('error', (error) => settle(error));

  return { port, result, reply, close };
}

async function listenAll(
  hosts: readonly { address: string; optional: boolean }[],
  port: number,
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<Server[]> {
  const servers: Server[] = [];
  let boundPort = port;
  try {
    for (const host of hosts) {
      const server = createServer(handle);
      try {
        await listen(server, host.address, boundPort);
      } catch (error) {
        // A missing IPv6 stack is fine; a taken ::1 port is not, since browsers try it first.
        const code = (error as NodeJS.ErrnoException).code;
        if (host.optional && (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT')) continue;
        throw error;
      }
      servers.push(server);
      boundPort = (server.address() as { port: number }).port;
    }
  } catch (error) {
    await Promise.all(servers.map(stopServer));
    throw error;
  }
  return servers;
}

function listen(server: Server, address: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: address, port, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function stopServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function sendPage(res: ServerResponse, status: number, ok: boolean, detail?: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'",
    'referrer-policy': 'no-referrer',
    connection: 'close',
  });
  res.end(renderCallbackPage({ ok, detail }));
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
  res.end(`${text}\n`);
}

function abortedError(message: string): PeekabooError {
  return new PeekabooError('ERR_ABORTED', message);
}
