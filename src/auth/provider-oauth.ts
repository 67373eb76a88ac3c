import { PeekabooError } from '../errors.js';
import { resolveOAuthClientConfig } from '../oauth/config.js';
import type { OAuthClientConfig } from '../oauth/types.js';
import { findProvider } from '../providers/registry.js';
import type { OAuthKeys, ProviderDescriptor, ProviderId } from '../providers/types.js';

/** A provider that offers an OAuth login, with its client config after env overrides. */
export interface OAuthProvider {
  provider: ProviderDescriptor;
  keys: OAuthKeys;
  config: OAuthClientConfig;
  accountSettingsUrl: string;
}

/**
 * The OAuth side of a provider. Throws `ERR_NOT_CONFIGURED` for a provider without an
 * OAuth login (with `hint` as the next step), and `ERR_UNSAFE_URL` for a bad override.
 */
export function resolveOAuthProvider(
  providerId: ProviderId | ProviderDescriptor,
  env: NodeJS.ProcessEnv,
  hint: (provider: ProviderDescriptor) => string,
): OAuthProvider {
  const provider = typeof providerId === 'string' ? findProvider(providerId) : providerId;
  const { oauth, oauthKeys } = provider;
  if (!oauth || !oauthKeys) {
    throw new PeekabooError('ERR_NOT_CONFIGURED', `${provider.name} has no OAuth login`, {
      hint: hint(provider),
    });
  }
  return {
    provider,
    keys: oauthKeys,
    config: resolveOAuthClientConfig(oauth, env),
    accountSettingsUrl: oauth.accountSettingsUrl,
  };
}
