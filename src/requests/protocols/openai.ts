import { readChatGptAccountId } from '../../auth/chatgpt-account.js';
import { PeekabooProviderError } from '../../errors.js';
import { assertSafeUrl } from '../../http/url-guard.js';
import { openai } from '../../providers/openai.js';
import { resolveApiBaseUrl } from '../../providers/registry.js';
import { parseEventJson, readString } from '../event-json.js';
import { toDataUrl } from '../image-input.js';
import type { ProviderEndpoint, ProviderProtocol } from '../types.js';

/** Where a ChatGPT sign-in sends Responses requests (the Codex backend), without `/responses`. */
export const CHATGPT_CODEX_BASE_URL = 'https://chatgpt.com/backend-api/codex';
export const CHATGPT_CODEX_BASE_URL_ENV = 'PEEKABOO_OPENAI_CODEX_BASE_URL';
/**
 * GPT-5.4 mini: vision, cheap, and one of the models the Codex backend serves to every
 * ChatGPT plan, so one default works for API keys and sign-ins alike.
 */
export const OPENAI_DEFAULT_MODEL = 'gpt-5.4-mini';
/** The Codex backend refuses a request without `instructions`. */
export const OPENAI_IMAGE_INSTRUCTIONS =
  'You look at images and answer questions about them in plain, concise text.';
/** OpenAI takes images up to 20 MiB each. */
const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
/** The phrase OpenAI uses when a token lacks an API scope ("Missing scopes: ..."). */
const MISSING_SCOPES = /missing scopes?\b/i;

/**
 * Responses API (https://platform.openai.com/docs/api-reference/responses-streaming), at
 * api.openai.com for API keys and at the Codex backend for ChatGPT sign-ins.
 */
export const openaiProtocol: ProviderProtocol = {
  defaultModel: OPENAI_DEFAULT_MODEL,
  images: {
    mediaTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp'],
    maxBytes: MAX_IMAGE_BYTES,
  },

  endpoint(credential, { env }): ProviderEndpoint {
    // Only a token that names its ChatGPT account can use the Codex backend; any other
    // credential goes to the public API, which judges its scopes itself.
    if (credential.kind === 'oauth' && readChatGptAccountId(credential.secret)) {
      return {
        api: 'chatgpt-codex-responses',
        url: `${resolveCodexBaseUrl(env)}/responses`,
        // Every Codex client sends this; the backend treats the API as a beta.
        headers: { 'openai-beta': 'responses=experimental' },
      };
    }
    const url = `${resolveApiBaseUrl(openai, env)}/responses`;
    return { api: 'openai-responses', url, headers: {} };
  },

  // One body for both endpoints: the Codex backend requires `instructions`, `stream` and
  // `store: false`, and the public API accepts all three.
  imageRequestBody({ image, prompt, model }) {
    return {
      model,
      instructions: OPENAI_IMAGE_INSTRUCTIONS,
      input: [
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_image', image_url: toDataUrl(image) },
            { type: 'input_text', text: prompt },
          ],
        },
      ],
      stream: true,
      store: false,
    };
  },

  readStreamEvent({ event, data }) {
    const payload = parseEventJson(data);
    const type = readString(payload, 'type') ?? event;
    switch (type) {
      case 'response.output_text.delta': {
        const text = readString(payload, 'delta');
        return text ? { text } : {};
      }
      case 'response.completed':
      case 'response.incomplete':
        return { done: true };
      case 'response.failed':
        return { error: readString(payload, 'response', 'error', 'message') ?? 'response failed' };
      case 'error':
        return {
          error:
            readString(payload, 'message') ??
            readString(payload, 'error', 'message') ??
            'the stream reported an error',
        };
      default:
        return {};
    }
  },

  explainFailure({ status, message, credential }) {
    if (credential.kind !== 'oauth' || !MISSING_SCOPES.test(message ?? '')) return undefined;
    return new PeekabooProviderError(
      'ERR_SCOPE_LIMIT',
      `OpenAI refused the signed-in token (${status} ${message}). This is a server-side ` +
        'OAuth scope limit of the token, not a local credentials problem; configure an API ' +
        "key with 'peekaboo config add openai <api-key>' or OPENAI_API_KEY",
      { status },
    );
  },
};

/** The Codex base URL: `PEEKABOO_OPENAI_CODEX_BASE_URL` (https, or http to loopback). */
export function resolveCodexBaseUrl(env: NodeJS.ProcessEnv): string {
  const override = env[CHATGPT_CODEX_BASE_URL_ENV];
  if (override === undefined || override === '') return CHATGPT_CODEX_BASE_URL;
  assertSafeUrl(override, CHATGPT_CODEX_BASE_URL_ENV);
  return override.replace(/\/+$/, '');
}
