import type { ProviderDescriptor } from './types.js';

export const ANTHROPIC_API_BASE_URL = 'https://api.anthropic.com';
export const ANTHROPIC_VERSION = '2023-06-01';

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
  baseUrlEnv: 'ANTHROPIC_BASE_URL',
  defaultBaseUrl: ANTHROPIC_API_BASE_URL,
  apiKeyPlacement: { kind: 'header', header: 'x-api-key' },
  validation: { path: '/v1/models', headers: { 'anthropic-version': ANTHROPIC_VERSION } },
};
