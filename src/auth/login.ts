import { PeekabooError } from '../errors.js';
import { runAuthorizationCodeFlow, type LoginHooks } from '../oauth/login-flow.js';
import type { ProviderDescriptor, ProviderId } from '../providers/types.js';
import type { CredentialStore } from '../store/credentials-store.js';
import { resolveOAuthProvider } from './provider-oauth.js';

/** Timeouts, the callback server and the abort signal of one `loginWithOAuth`. */
export interface OAuthLoginOptions {
  env?: NodeJS.ProcessEnv;
  /** Per token request; default 30 s. */
  timeoutMs?: number;
  /** How long to wait for the person; default 10 minutes. */
  loginTimeoutMs?: number;
  /** Listen on the loopback redirect port when the provider uses one (default true). */
  useCallbackServer?: boolean;
  /** See `LoginOptions.holdCallbackPage`; default false. */
  holdCallbackPage?: boolean;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

/** What `loginWithOAuth` stored: for which provider, until when, and where. */
export interface OAuthLoginResult {
  provider: ProviderDescriptor;
  /** Unix epoch seconds. */
  expiresAt: number;
  credentialsPath: string;
}

/**
 * Signs a person in with OAuth (authorization code + PKCE) and stores the access token,
 * refresh token and expiry in one locked, atomic write. An API key in the file stays.
 * The caller shows the URL and collects a pasted code through `hooks`; nothing is printed.
 * Throws the login flow's errors; on any error the file is left as it was.
 */
export async function loginWithOAuth(
  store: CredentialStore,
  providerId: ProviderId | ProviderDescriptor,
  hooks: LoginHooks,
  options: OAuthLoginOptions = {},
): Promise<OAuthLoginResult> {
  const { provider, keys, config } = resolveOAuthProvider(
    providerId,
    options.env ?? process.env,
    (p) => `peekaboo config add ${p.id}`,
  );
  const tokens = await runAuthorizationCodeFlow(config, hooks, {
    timeoutMs: options.timeoutMs ?? 30_000,
    loginTimeoutMs: options.loginTimeoutMs,
    useCallbackServer: options.useCallbackServer ?? true,
    holdCallbackPage: options.holdCallbackPage ?? false,
    signal: options.signal,
    fetch: options.fetch,
  });
  if (!tokens.refreshToken) {
    throw new PeekabooError('ERR_OAUTH_BAD_RESPONSE', 'the token answer has no refresh_token');
  }
  const expiresAt = Math.floor(Date.now() / 1000) + tokens.expiresIn;
  await store.write({
    [keys.accessToken]: tokens.accessToken,
    [keys.refreshToken]: tokens.refreshToken,
    [keys.expires]: String(expiresAt),
  });
  return { provider, expiresAt, credentialsPath: store.path };
}
