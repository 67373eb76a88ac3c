import type { ProviderDescriptor } from './types.js';

export const OPENAI_API_BASE_URL = 'https://api.openai.com/v1';

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
  baseUrlEnv: 'OPENAI_BASE_URL',
  defaultBaseUrl: OPENAI_API_BASE_URL,
  apiKeyPlacement: { kind: 'bearer' },
  validation: { path: '/models', headers: {} },
};
