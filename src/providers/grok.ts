import type { ProviderDescriptor } from './types.js';

export const XAI_API_BASE_URL = 'https://api.x.ai/v1';

/** Grok (xAI): API keys only. The Swift tools wrote `X_AI_API_KEY`; others use the rest. */
export const grok: ProviderDescriptor = {
  id: 'grok',
  name: 'Grok (xAI)',
  aliases: ['xai'],
  apiKeyKey: 'X_AI_API_KEY',
  apiKeyNames: ['X_AI_API_KEY', 'XAI_API_KEY', 'GROK_API_KEY'],
  baseUrlEnv: 'XAI_BASE_URL',
  defaultBaseUrl: XAI_API_BASE_URL,
  apiKeyPlacement: { kind: 'bearer' },
  validation: { path: '/models', headers: {} },
};
