import { grok } from '../../providers/grok.js';
import { resolveApiBaseUrl } from '../../providers/registry.js';
import { parseEventJson, readString } from '../event-json.js';
import { toDataUrl } from '../image-input.js';
import type { ProviderProtocol } from '../types.js';

/** Grok 4.1 Fast without reasoning: takes images and answers quickly and cheaply. */
export const GROK_DEFAULT_MODEL = 'grok-4-1-fast-non-reasoning';
/** xAI takes images up to 20 MiB; counted on the base64 text to be safe: 15 MiB of file. */
const MAX_IMAGE_BYTES = 15 * 1024 * 1024;

/** OpenAI-style chat completions (https://docs.x.ai/docs/guides/image-understanding). */
export const grokProtocol: ProviderProtocol = {
  defaultModel: GROK_DEFAULT_MODEL,
  // xAI documents JPEG and PNG only.
  images: { mediaTypes: ['image/png', 'image/jpeg'], maxBytes: MAX_IMAGE_BYTES },

  endpoint(_credential, { env }) {
    const url = `${resolveApiBaseUrl(grok, env)}/chat/completions`;
    return { api: 'xai-chat-completions', url, headers: {} };
  },

  imageRequestBody({ image, prompt, model }) {
    return {
      model,
      stream: true,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image_url', image_url: { url: toDataUrl(image), detail: 'high' } },
            { type: 'text', text: prompt },
          ],
        },
      ],
    };
  },

  readStreamEvent({ data }) {
    if (data.trim() === '[DONE]') return { done: true };
    const payload = parseEventJson(data);
    const error = readString(payload, 'error', 'message') ?? readString(payload, 'error');
    if (error) return { error };
    const text = readString(payload, 'choices', 0, 'delta', 'content');
    return text ? { text } : {};
  },
};
