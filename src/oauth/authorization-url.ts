import { PeekabooError } from '../errors.js';
import type { OAuthClientConfig } from './types.js';

/**
 * Builds the authorization request URL (RFC 6749 section 4.1.1 with RFC 7636 PKCE).
 * Query parameters already in the endpoint URL are kept. Throws `ERR_INVALID_VALUE` when
 * an extra parameter would replace a standard one.
 */
export function buildAuthorizationUrl(
  config: OAuthClientConfig,
  p: { codeChallenge: string; state: string },
): URL {
  const url = new URL(config.authorizationEndpoint);
  const standard: Record<string, string> = {
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: config.scope,
    code_challenge: p.codeChallenge,
    code_challenge_method: 'S256',
    state: p.state,
  };
  for (const [name, value] of Object.entries(standard)) url.searchParams.set(name, value);

  for (const [name, value] of Object.entries(config.extraAuthorizationParams)) {
    if (Object.hasOwn(standard, name)) {
      throw new PeekabooError(
        'ERR_INVALID_VALUE',
        `extra authorization parameter "${name}" would replace a standard one`,
      );
    }
    url.searchParams.set(name, value);
  }
  return url;
}
