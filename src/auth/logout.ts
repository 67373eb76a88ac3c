import { revokeToken } from '../oauth/token-endpoint.js';
import type { ProviderDescriptor, ProviderId } from '../providers/types.js';
import type { CredentialStore } from '../store/credentials-store.js';
import { resolveOAuthProvider } from './provider-oauth.js';

/** What `logoutOAuth` removed and whether the provider revoked the grant. */
export interface OAuthLogoutResult {
  provider: ProviderDescriptor;
  /** The file keys removed; empty when there was nothing to remove. */
  removed: string[];
  /**
   * `revoked`: the provider confirmed; `failed`: see `revokeError`; `unsupported`: the
   * provider has no revocation endpoint; `skipped`: there was no refresh token.
   */
  revocation: 'revoked' | 'failed' | 'unsupported' | 'skipped';
  revokeError?: string;
  /** Where the person can revoke the grant in the provider's account settings. */
  accountSettingsUrl?: string;
}

/**
 * Removes a provider's OAuth tokens from the file (an API key stays) and then, best effort,
 * revokes the refresh token at the provider. The tokens are removed first so a revocation
 * that hangs or fails can never leave a signed-in state behind.
 */
export async function logoutOAuth(
  store: CredentialStore,
  providerId: ProviderId | ProviderDescriptor,
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; fetch?: typeof fetch } = {},
): Promise<OAuthLogoutResult> {
  const oauth = resolveOAuthProvider(
    providerId,
    options.env ?? process.env,
    (p) => `peekaboo config remove ${p.id}`,
  );
  const { provider, config, keys: oauthKeys } = oauth;
  const keys = [oauthKeys.accessToken, oauthKeys.refreshToken, oauthKeys.expires];
  let refreshToken: string | undefined;
  const { changes } = await store.update((current) => {
    refreshToken = current.get(oauthKeys.refreshToken);
    const present = keys.filter((key) => current.has(key));
    if (present.length === 0) return undefined;
    return Object.fromEntries(present.map((key) => [key, undefined]));
  });
  const removed = Object.keys(changes ?? {});
  const base = { provider, removed, accountSettingsUrl: oauth.accountSettingsUrl };
  if (!refreshToken) return { ...base, revocation: 'skipped' };
  if (!config.revocationEndpoint) return { ...base, revocation: 'unsupported' };
  try {
    await revokeToken(config, refreshToken, {
      timeoutMs: options.timeoutMs ?? 30_000,
      fetch: options.fetch,
      tokenTypeHint: 'refresh_token',
    });
    return { ...base, revocation: 'revoked' };
  } catch (error) {
    return { ...base, revocation: 'failed', revokeError: (error as Error).message };
  }
}
