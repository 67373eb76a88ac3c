import { PeekabooOAuthError } from '../errors.js';
import { refreshAccessToken } from '../oauth/token-endpoint.js';
import type { ProviderDescriptor } from '../providers/types.js';
import { resolveOAuthProvider } from './provider-oauth.js';
import { parseEpochSeconds } from './resolve-credential.js';
import type {
  CredentialChanges,
  CredentialStore,
  CredentialValues,
} from '../store/credentials-store.js';

/**
 * Refresh when the access token expires within this many seconds: covers clock skew
 * between us and the provider, and a slow request that starts before expiry.
 */
export const REFRESH_MARGIN_SECONDS = 300;

export interface RefreshOptions {
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  fetch?: typeof fetch;
  /** Unix epoch seconds; a parameter for tests. */
  now?: () => number;
  /**
   * The access token the caller found unusable: expired, expiring, or just refused with a
   * 401. When the file holds a different, unexpired one, another process has refreshed.
   * Without it, any token outside the refresh margin counts as fresh.
   */
  replacing?: string;
}

/** True when a token that expires at `expiresAt` should be refreshed before use. */
export function needsRefresh(expiresAt: number | undefined, now: number): boolean {
  return expiresAt === undefined || expiresAt - now <= REFRESH_MARGIN_SECONDS;
}

/**
 * Refreshes a provider's OAuth tokens at most once across every process of the user.
 *
 * Holds the credentials lock for the whole refresh and reads the file again under it:
 * when another process refreshed meanwhile, its token is used and nothing is sent. Refresh
 * tokens are single-use at both providers, so two processes refreshing with the same one
 * would get the second refused and the person signed out.
 * Returns true when this call sent a refresh request.
 * Throws `ERR_REFRESH_REJECTED` (sign in again) or `ERR_REFRESH_TRANSIENT`; either way the
 * stored tokens are left as they were.
 */
export async function refreshStoredTokens(
  store: CredentialStore,
  provider: ProviderDescriptor,
  options: RefreshOptions,
): Promise<boolean> {
  const { keys, config } = resolveOAuthProvider(
    provider,
    options.env,
    (p) => `peekaboo config add ${p.id}`,
  );
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  // Done already: another process refreshed (replaced the token this caller found unusable).
  const alreadyDone = (current: CredentialValues): boolean => {
    const accessToken = current.get(keys.accessToken);
    const expiresAt = parseEpochSeconds(current.get(keys.expires));
    if (!accessToken || expiresAt === undefined || expiresAt <= now()) return false;
    if (options.replacing !== undefined) return accessToken !== options.replacing;
    return !needsRefresh(expiresAt, now());
  };
  const decide = async (current: CredentialValues): Promise<CredentialChanges | undefined> => {
    if (alreadyDone(current)) return undefined;
    const refreshToken = current.get(keys.refreshToken);
    if (!refreshToken) {
      throw new PeekabooOAuthError('ERR_REFRESH_REJECTED', 'no refresh token is stored', {
        hint: `peekaboo config login ${provider.id}`,
      });
    }
    const tokens = await refreshAccessToken(config, refreshToken, options);
    const changes: CredentialChanges = {
      [keys.accessToken]: tokens.accessToken,
      [keys.expires]: String(now() + tokens.expiresIn),
    };
    // Keep the old refresh token when the answer has none (RFC 6749 section 6).
    if (tokens.refreshToken) changes[keys.refreshToken] = tokens.refreshToken;
    return changes;
  };
  // Waiters stop as soon as the file holds a fresh token, instead of taking the lock in
  // turn only to find out.
  // Known gap: one file lock serialises refreshes of different providers; per-provider locks.
  const { changed } = await store.update(decide, { unlessDone: alreadyDone });
  return changed;
}
