import type { ProviderDescriptor } from './types.js';

export const OPENAI_API_BASE_URL = 'https://api.openai.com/v1';
export const OPENAI_AUTHORIZE_URL = 'https://auth.openai.com/oauth/authorize';
export const OPENAI_TOKEN_URL = 'https://auth.openai.com/oauth/token';
export const OPENAI_REVOKE_URL = 'https://auth.openai.com/oauth/revoke';
/** The public client the Codex CLI registered; it allows these loopback redirects only. */
export const OPENAI_CLIENT_ID = 'app_EMoamEEZ73f0CkXaXp7hrann';
export const OPENAI_REDIRECT_URI = 'http://localhost:1455/auth/callback';
export const OPENAI_FALLBACK_REDIRECT_URI = 'http://localhost:1457/auth/callback';
export const OPENAI_SCOPE = 'openid profile email offline_access';
export const OPENAI_ACCOUNT_SETTINGS_URL = 'https://chatgpt.com/#settings/Security';

/** OpenAI: API keys, and ChatGPT/Codex OAuth tokens. */
export const openai: ProviderDescriptor = {
  id: 'openai',
  name: 'OpenAI',
  aliases: [],
  apiKeyKey: 'OPENAI_API_KEY',
  apiKeyNames: ['OPENAI_API_KEY'],
  oauthKeys: {
    accessToken: 'OPENAI_ACCESS_TOKEN',
    refreshToken: 'OPENAI_REFRESH_TOKEN',
    expires: 'OPENAI_ACCESS_EXPIRES',
  },
  oauth: {
    envPrefix: 'OPENAI',
    authorizationEndpoint: OPENAI_AUTHORIZE_URL,
    tokenEndpoint: OPENAI_TOKEN_URL,
    revocationEndpoint: OPENAI_REVOKE_URL,
    clientId: OPENAI_CLIENT_ID,
    redirectUri: OPENAI_REDIRECT_URI,
    fallbackRedirectUri: OPENAI_FALLBACK_REDIRECT_URI,
    scope: OPENAI_SCOPE,
    // The Codex sign-in page reads these to show its simplified consent for CLI tools.
    extraAuthorizationParams: {
      id_token_add_organizations: 'true',
      codex_cli_simplified_flow: 'true',
      originator: 'peekaboo',
    },
    tokenRequestEncoding: 'form',
    sendStateInTokenRequest: false,
    accountSettingsUrl: OPENAI_ACCOUNT_SETTINGS_URL,
  },
  baseUrlEnv: 'OPENAI_BASE_URL',
  defaultBaseUrl: OPENAI_API_BASE_URL,
  apiKeyPlacement: { kind: 'bearer' },
  validation: { path: '/models', headers: {} },
};
