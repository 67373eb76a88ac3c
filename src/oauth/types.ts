/**
 * What the generic OAuth code needs to know about one provider's authorization server.
 * The facts live in src/providers/; env overrides are applied by `resolveOAuthClientConfig`.
 */
export interface OAuthClientConfig {
  authorizationEndpoint: string;
  tokenEndpoint: string;
  /** RFC 7009 endpoint; absent when the provider has none. */
  revocationEndpoint?: string;
  clientId: string;
  redirectUri: string;
  /**
   * A second loopback redirect URI the provider also registered, used by the login flow
   * when the port of `redirectUri` is taken.
   */
  fallbackRedirectUri?: string;
  scope: string;
  /** Provider-specific authorization request parameters; they never replace standard ones. */
  extraAuthorizationParams: Record<string, string>;
  /** RFC 6749 says form encoding; Anthropic's token endpoint wants a JSON body. */
  tokenRequestEncoding: 'form' | 'json';
  /** Anthropic wants `state` in the code exchange body as well. */
  sendStateInTokenRequest: boolean;
}

/** Tokens from a token endpoint answer, checked for shape and for line breaks. */
export interface TokenSet {
  accessToken: string;
  /** Always set after a code exchange; after a refresh, the old one when none was sent. */
  refreshToken?: string;
  /** Seconds from the answer until the access token expires. */
  expiresIn: number;
  /** OpenID Connect ID token, when the provider sent one. */
  idToken?: string;
  /** Granted scope, when the provider said. */
  scope?: string;
}

/** Per-request settings of a token, refresh or revocation request. */
export interface TokenRequestOptions {
  /** Covers the whole request, body included. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Replaces the global `fetch` (tests, proxies). */
  fetch?: typeof fetch;
}
