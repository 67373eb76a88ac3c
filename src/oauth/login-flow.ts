import { PeekabooError, PeekabooOAuthError } from '../errors.js';
import { buildAuthorizationUrl } from './authorization-url.js';
import { startCallbackServer, type CallbackServer } from './callback-server.js';
import { isLoopbackRedirectUri } from './loopback-redirect.js';
import { parsePastedCode } from './pasted-code.js';
import { createPkcePair, createState } from './pkce.js';
import { exchangeAuthorizationCode } from './token-endpoint.js';
import type { OAuthClientConfig, TokenSet } from './types.js';

const DEFAULT_LOGIN_TIMEOUT_MS = 10 * 60 * 1000;

/** The side effects a login needs from its caller; the flow itself owns no terminal. */
export interface LoginHooks {
  /** Shows the URL to the person or opens a browser. */
  onAuthorizationUrl(url: URL): void | Promise<void>;
  /** Reads one pasted line; `undefined` means there is no input (EOF). */
  readPastedCode(signal: AbortSignal): Promise<string | undefined>;
  /** Told why the loopback callback server could not start (port taken, say). */
  onCallbackServerUnavailable?(reason: string): void;
}

export interface LoginOptions {
  /** Per token request. */
  timeoutMs: number;
  /** How long to wait for the code; 10 minutes by default. */
  loginTimeoutMs?: number;
  useCallbackServer: boolean;
  /**
   * Keep the browser's callback page open until the code exchange is done, so the page says
   * whether sign-in worked. `onAuthorizationUrl` must then return without waiting for the
   * browser to reach the callback.
   */
  holdCallbackPage?: boolean;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

/**
 * Runs the authorization code flow with PKCE (RFC 6749 section 4.1, RFC 7636): makes a
 * verifier and state, starts a loopback callback server when asked and possible, hands the
 * authorization URL to the caller, takes whichever code arrives first (callback or
 * paste), checks its state when one came back, and exchanges the code for tokens.
 *
 * Throws `ERR_OAUTH_LOGIN_TIMEOUT` when no code arrives within `loginTimeoutMs`,
 * `ERR_OAUTH_STATE_MISMATCH`, `ERR_OAUTH_BAD_CODE` (bad paste, provider refusal, input
 * ended), `ERR_ABORTED`, and whatever `exchangeAuthorizationCode` throws.
 */
export async function runAuthorizationCodeFlow(
  config: OAuthClientConfig,
  hooks: LoginHooks,
  o: LoginOptions,
): Promise<TokenSet> {
  if (o.signal?.aborted) throw cancelled();
  const { codeVerifier, codeChallenge } = createPkcePair();
  const state = createState();
  const waiting = new AbortController();
  const stopWaiting = (): void => waiting.abort();
  o.signal?.addEventListener('abort', stopWaiting, { once: true });

  let server: CallbackServer | undefined;
  try {
    let active = config;
    if (o.useCallbackServer && isLoopbackRedirectUri(config.redirectUri)) {
      const hold = o.holdCallbackPage === true;
      const started = await startWithFallback(config, state, waiting.signal, hooks, hold);
      if (started) ({ server, config: active } = started);
    }
    if (waiting.signal.aborted) throw cancelled();

    await hooks.onAuthorizationUrl(buildAuthorizationUrl(active, { codeChallenge, state }));
    const code = await waitForCode({
      server,
      hooks,
      state,
      redirectUri: active.redirectUri,
      signal: waiting.signal,
      loginTimeoutMs: o.loginTimeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS,
    });
    // The code is in: stop the prompt and the server before the exchange, not after it.
    // A held callback page stays open until the exchange says how sign-in went.
    waiting.abort();
    if (!o.holdCallbackPage) await server?.close();

    try {
      const tokens = await exchangeAuthorizationCode(
        active,
        { code, codeVerifier, state: active.sendStateInTokenRequest ? state : undefined },
        { timeoutMs: o.timeoutMs, signal: o.signal, fetch: o.fetch },
      );
      server?.reply({ ok: true });
      return tokens;
    } catch (error) {
      const detail = error instanceof PeekabooError ? error.message : 'See the terminal.';
      server?.reply({ ok: false, detail });
      throw error;
    }
  } finally {
    o.signal?.removeEventListener('abort', stopWaiting);
    waiting.abort();
    await server?.close();
  }
}

/** Tries the redirect URI's port, then the provider's fallback port if it has one. */
async function startWithFallback(
  config: OAuthClientConfig,
  state: string,
  signal: AbortSignal,
  hooks: LoginHooks,
  holdSuccessPage: boolean,
): Promise<{ server: CallbackServer; config: OAuthClientConfig } | undefined> {
  const candidates = [config.redirectUri];
  if (config.fallbackRedirectUri && isLoopbackRedirectUri(config.fallbackRedirectUri)) {
    candidates.push(config.fallbackRedirectUri);
  }

  const reasons: string[] = [];
  for (const redirectUri of candidates) {
    try {
      const server = await startCallbackServer({
        redirectUri,
        expectedState: state,
        signal,
        holdSuccessPage,
      });
      return { server, config: { ...config, redirectUri } };
    } catch (error) {
      reasons.push(listenFailure(redirectUri, error));
    }
  }
  hooks.onCallbackServerUnavailable?.(reasons.join('; '));
  return undefined;
}

function listenFailure(redirectUri: string, error: unknown): string {
  const port = new URL(redirectUri).port || '80';
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return `port ${port} is already in use`;
  return `could not listen on port ${port} (${typeof code === 'string' ? code : 'error'})`;
}

/** Settles with the first code from the callback server or the paste, whichever is first. */
function waitForCode(w: {
  server: CallbackServer | undefined;
  hooks: LoginHooks;
  state: string;
  redirectUri: string;
  signal: AbortSignal;
  loginTimeoutMs: number;
}): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let done = false;
    const finish = (outcome: string | Error): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      w.signal.removeEventListener('abort', onAbort);
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const timer = setTimeout(() => {
      finish(
        new PeekabooOAuthError(
          'ERR_OAUTH_LOGIN_TIMEOUT',
          `no sign-in arrived within ${formatDuration(w.loginTimeoutMs)}`,
        ),
      );
    }, w.loginTimeoutMs);
    const onAbort = (): void => finish(cancelled());
    w.signal.addEventListener('abort', onAbort, { once: true });
    if (w.signal.aborted) onAbort();

    w.server?.result.then(({ code }) => finish(code), finish);

    // Through a promise, so a hook that throws at once still ends up in `finish`.
    Promise.resolve(w.signal).then((signal) => w.hooks.readPastedCode(signal)).then(
      (text) => {
        // With the callback server still listening, an empty input just leaves it waiting.
        if (text === undefined) {
          if (!w.server) {
            finish(new PeekabooOAuthError('ERR_OAUTH_BAD_CODE', 'no code was pasted'));
          }
          return;
        }
        finish(checkPaste(text, w.redirectUri, w.state));
      },
      (error: unknown) => finish(error instanceof Error ? error : new Error(String(error))),
    );
  });
}

/** A pasted bare code carries no state and is taken as is; any state must match. */
function checkPaste(text: string, redirectUri: string, state: string): string | Error {
  try {
    const pasted = parsePastedCode(text, redirectUri);
    if (pasted.state !== undefined && pasted.state !== state) {
      return new PeekabooOAuthError(
        'ERR_OAUTH_STATE_MISMATCH',
        'the pasted code does not belong to this login (state mismatch)',
      );
    }
    return pasted.code;
  } catch (error) {
    return error as Error;
  }
}

function cancelled(): PeekabooError {
  return new PeekabooError('ERR_ABORTED', 'sign-in was cancelled');
}

function formatDuration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) {
    const minutes = ms / 60_000;
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  }
  return `${Math.round(ms / 100) / 10} s`;
}
