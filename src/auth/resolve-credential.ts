import type { ProviderDescriptor } from '../providers/types.js';
import type { CredentialValues } from '../store/credentials-store.js';
import type { CredentialSource, ResolvedCredential } from './credential.js';

/**
 * Picks the credential a provider uses, the same everywhere: its environment variables
 * first, then OAuth tokens in the file, then the API key in the file. No network, no
 * refresh: see `CredentialManager` for a fresh token. Returns `undefined` when none exists.
 */
export function resolveCredential(
  provider: ProviderDescriptor,
  values: CredentialValues,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedCredential | undefined {
  const fileCredentials = findFileCredentials(provider, values);
  for (const name of provider.apiKeyNames) {
    const secret = env[name]?.trim();
    if (secret) {
      const shadowed = fileCredentials.map((c) => c.source);
      return { provider, kind: 'api-key', secret, source: { kind: 'env', key: name }, shadowed };
    }
  }
  return fileCredentials[0];
}

/** The credentials stored in the file for a provider, OAuth first. */
function findFileCredentials(
  provider: ProviderDescriptor,
  values: CredentialValues,
): ResolvedCredential[] {
  const found: ResolvedCredential[] = [];
  const keys = provider.oauthKeys;
  if (keys) {
    const accessToken = values.get(keys.accessToken) ?? '';
    const refreshToken = values.get(keys.refreshToken) || undefined;
    if (accessToken !== '' || refreshToken !== undefined) {
      found.push({
        provider,
        kind: 'oauth',
        secret: accessToken,
        source: { kind: 'file', key: keys.accessToken },
        expiresAt: parseEpochSeconds(values.get(keys.expires)),
        refreshToken,
        shadowed: [],
      });
    }
  }
  const apiKeyName = provider.apiKeyNames.find((name) => values.get(name));
  if (apiKeyName) {
    const source: CredentialSource = { kind: 'file', key: apiKeyName };
    found.push({
      provider,
      kind: 'api-key',
      secret: values.get(apiKeyName) ?? '',
      source,
      shadowed: [],
    });
  }
  return found;
}

/** A `*_ACCESS_EXPIRES` value: whole Unix epoch seconds, else `undefined`. */
export function parseEpochSeconds(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,12}$/.test(value)) return undefined;
  return Number(value);
}
