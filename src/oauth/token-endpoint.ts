import { PeekabooError } from '../errors.js';
import { postToEndpoint } from './token-request.js';
import { checkRevocationOutcome, toTokenSet } from './token-response.js';
import type { OAuthClientConfig, TokenRequestOptions, TokenSet } from './types.js';

/**
 * Exchanges an authorization code for tokens (RFC 6749 section 4.1.3, RFC 7636 section
 * 4.5). Sends `state` too when given (Anthropic checks it). Errors: see `toTokenSet`.
 */
export async function exchangeAuthorizationCode(
  config: OAuthClientConfig,
  p: { code: string; codeVerifier: string; state?: string },
  o: TokenRequestOptions,
): Promise<TokenSet> {
  const params: Record<string, string> = {
    grant_type: 'authorization_code',
    code: p.code,
    redirect_uri: config.redirectUri,
    client_id: config.clientId,
    code_verifier: p.codeVerifier,
  };
  if (p.state !== undefined) params.state = p.state;

  const outcome = await postToEndpoint(
    config.tokenEndpoint,
    params,
    config.tokenRequestEncoding,
    o,
  );
  const secrets = [p.code, p.codeVerifier];
  return toTokenSet(outcome, { grant: 'authorization_code', secrets });
}

/**
 * Gets a new access token with a refresh token (RFC 6749 section 6). Sends no `scope`, so
 * the grant keeps its original scope. When the answer carries no new refresh token the
 * old one is returned. Throws `ERR_REFRESH_REJECTED` when the refresh token is no longer
 * good and `ERR_REFRESH_TRANSIENT` when trying again later may work (see `toTokenSet`).
 */
export async function refreshAccessToken(
  config: OAuthClientConfig,
  refreshToken: string,
  o: TokenRequestOptions,
): Promise<TokenSet> {
  const params = {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: config.clientId,
  };
  const outcome = await postToEndpoint(
    config.tokenEndpoint,
    params,
    config.tokenRequestEncoding,
    o,
  );
  return toTokenSet(outcome, {
    grant: 'refresh_token',
    secrets: [refreshToken],
    previousRefreshToken: refreshToken,
  });
}

/**
 * Revokes a token (RFC 7009). Throws `ERR_NOT_CONFIGURED` when the provider has no
 * revocation endpoint, `ERR_OAUTH_TIMEOUT` on timeout, and `ERR_OAUTH_TOKEN_ENDPOINT`
 * when the endpoint fails or refuses.
 */
export async function revokeToken(
  config: OAuthClientConfig,
  token: string,
  o: TokenRequestOptions & { tokenTypeHint?: 'refresh_token' | 'access_token' },
): Promise<void> {
  if (config.revocationEndpoint === undefined) {
    throw new PeekabooError('ERR_NOT_CONFIGURED', 'this provider has no revocation endpoint');
  }
  const params: Record<string, string> = { token, client_id: config.clientId };
  if (o.tokenTypeHint) params.token_type_hint = o.tokenTypeHint;

  const outcome = await postToEndpoint(
    config.revocationEndpoint,
    params,
    config.tokenRequestEncoding,
    o,
  );
  checkRevocationOutcome(outcome, [token]);
}
