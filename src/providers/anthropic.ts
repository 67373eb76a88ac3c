import type { ProviderDescriptor } from './types.js';

export const ANTHROPIC_API_BASE_URL = 'https://api.anthropic.com';
export const ANTHROPIC_VERSION = '2023-06-01';
export const ANTHROPIC_AUTHORIZE_URL = 'https://claude.ai/oauth/authorize';
export const ANTHROPIC_TOKEN_URL = 'https://platform.claude.com/v1/oauth/token';
export const ANTHROPIC_CLIENT_ID = '9d1c250a-e61b-44d9-88ed-5944d1962f5e';
/** Not a loopback address: this page shows `code#state` for the person to paste back. */
export const ANTHROPIC_REDIRECT_URI = 'https://platform.claude.com/oauth/code/callback';
export const ANTHROPIC_SCOPE = 'org:create_api_key user:profile user:inference';
export const ANTHROPIC_ACCOUNT_SETTINGS_URL = 'https://claude.ai/settings/account';

/** Anthropic: API keys, and Claude Pro/Max OAuth tokens. */
export const anthropic: ProviderDescriptor = {
  id: 'anthropic',
  name: 'Anthropic',
  aliases: [],
  apiKeyKey: 'ANTHROPIC_API_KEY',
  apiKeyNames: ['ANTHROPIC_API_KEY'],
  oauthKeys: {
    accessToken: 'ANTHROPIC_ACCESS_TOKEN',
    refreshToken: 'ANTHROPIC_REFRESH_TOKEN',
    expires: 'ANTHROPIC_ACCESS_EXPIRES',
  },
  oauth: {
    envPrefix: 'ANTHROPIC',
    authorizationEndpoint: ANTHROPIC_AUTHORIZE_URL,
    tokenEndpoint: ANTHROPIC_TOKEN_URL,
    clientId: ANTHROPIC_CLIENT_ID,
    redirectUri: ANTHROPIC_REDIRECT_URI,
    scope: ANTHROPIC_SCOPE,
    // `code=true` makes the redirect page display the code instead of redirecting on.
    extraAuthorizationParams: { code: 'true' },
    // Anthropic's token endpoint takes JSON, not the form encoding RFC 6749 specifies,
    // and wants the authorization request's `state` back in the code exchange.
    tokenRequestEncoding: 'json',
    sendStateInTokenRequest: true,
    accountSettingsUrl: ANTHROPIC_ACCOUNT_SETTINGS_URL,
  },
  baseUrlEnv: 'ANTHROPIC_BASE_URL',
  defaultBaseUrl: ANTHROPIC_API_BASE_URL,
  apiKeyPlacement: { kind: 'header', header: 'x-api-key' },
  validation: { path: '/v1/models', headers: { 'anthropic-version': ANTHROPIC_VERSION } },
};
