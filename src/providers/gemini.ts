import type { ProviderDescriptor } from './types.js';

export const GEMINI_API_BASE_URL = 'https://generativelanguage.googleapis.com/v1beta';

/** Gemini: API keys only, sent in a header so a key never lands in a URL or a log. */
export const gemini: ProviderDescriptor = {
  id: 'gemini',
  name: 'Gemini',
  aliases: ['google'],
  apiKeyKey: 'GEMINI_API_KEY',
  apiKeyNames: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
  baseUrlEnv: 'GEMINI_BASE_URL',
  defaultBaseUrl: GEMINI_API_BASE_URL,
  apiKeyPlacement: { kind: 'header', header: 'x-goog-api-key' },
  validation: { path: '/models', headers: {} },
};
