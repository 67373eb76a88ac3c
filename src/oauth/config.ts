import { PeekabooUsageError } from '../errors.js';
import { assertSafeUrl } from '../http/url-guard.js';
import type { OAuthClientConfig } from './types.js';

/** A provider's OAuth facts, as written in src/providers/. */
export interface OAuthProviderFacts extends OAuthClientConfig {
  envPrefix: 'OPENAI' | 'ANTHROPIC';
  fallbackRedirectUri?: string;
}

/**
 * Applies `PEEKABOO_<P>_AUTHORIZE_URL`, `_TOKEN_URL`, `_REVOKE_URL`, `_CLIENT_ID` and
 * `_REDIRECT_URI` (empty means unset) over the provider's facts. Every URL must be https://
 * or http:// to loopback (`ERR_UNSAFE_URL`, naming the variable); a client id with spaces
 * or control characters is `ERR_INVALID_VALUE`. An overridden redirect URI drops the
 * provider's fallback one, which belongs to the original.
 */
export function resolveOAuthClientConfig(
  facts: OAuthProviderFacts,
  env: NodeJS.ProcessEnv,
): OAuthClientConfig {
  const prefix = `PEEKABOO_${facts.envPrefix}_`;
  const read = (suffix: string): { name: string; value: string | undefined } => {
    const name = prefix + suffix;
    const value = env[name];
    return { name, value: value === undefined || value === '' ? undefined : value };
  };
  const url = (suffix: string, fallback: string, what: string): string => {
    const { name, value } = read(suffix);
    assertSafeUrl(value ?? fallback, value === undefined ? what : name);
    return value ?? fallback;
  };

  const provider = facts.envPrefix === 'OPENAI' ? 'OpenAI' : 'Anthropic';
  const redirectOverride = read('REDIRECT_URI').value;
  const config: OAuthClientConfig = {
    authorizationEndpoint: url(
      'AUTHORIZE_URL',
      facts.authorizationEndpoint,
      `${provider} authorization endpoint`,
    ),
    tokenEndpoint: url('TOKEN_URL', facts.tokenEndpoint, `${provider} token endpoint`),
    clientId: readClientId(read('CLIENT_ID'), facts.clientId),
    redirectUri: url('REDIRECT_URI', facts.redirectUri, `${provider} redirect URI`),
    scope: facts.scope,
    extraAuthorizationParams: { ...facts.extraAuthorizationParams },
    tokenRequestEncoding: facts.tokenRequestEncoding,
    sendStateInTokenRequest: facts.sendStateInTokenRequest,
  };

  const revoke = read('REVOKE_URL').value ?? facts.revocationEndpoint;
  if (revoke !== undefined) {
    config.revocationEndpoint = url('REVOKE_URL', revoke, `${provider} revocation endpoint`);
  }
  if (facts.fallbackRedirectUri !== undefined && redirectOverride === undefined) {
    config.fallbackRedirectUri = facts.fallbackRedirectUri;
  }
  return config;
}

function readClientId(override: { name: string; value: string | undefined }, fact: string) {
  if (override.value === undefined) return fact;
  if (!/^[\x21-\x7e]{1,256}$/.test(override.value)) {
    throw new PeekabooUsageError(`${override.name} must be a client id without spaces`, {
      code: 'ERR_INVALID_VALUE',
      hint: `unset ${override.name}`,
    });
  }
  return override.value;
}
