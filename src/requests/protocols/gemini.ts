import { PeekabooUsageError } from '../../errors.js';
import { gemini } from '../../providers/gemini.js';
import { resolveApiBaseUrl } from '../../providers/registry.js';
import { parseEventJson, readField, readString } from '../event-json.js';
import { encodeBase64 } from '../image-input.js';
import type { ProviderProtocol } from '../types.js';

/** Google's alias for its current Flash model: vision, fast, and never retired. */
export const GEMINI_DEFAULT_MODEL = 'gemini-flash-latest';
/**
 * Inline data counts toward a 20 MB request limit after base64 encoding, which adds a
 * third: 14 MiB of file stays under it with room for the prompt.
 */
const MAX_IMAGE_BYTES = 14 * 1024 * 1024;

/**
 * `streamGenerateContent` with `alt=sse` (https://ai.google.dev/api/generate-content).
 * The key travels in `x-goog-api-key`, never in the URL, where logs and proxies keep it.
 */
export const geminiProtocol: ProviderProtocol = {
  defaultModel: GEMINI_DEFAULT_MODEL,
  // Gemini's image understanding lists PNG, JPEG and WebP (and HEIC/HEIF), not GIF.
  images: { mediaTypes: ['image/png', 'image/jpeg', 'image/webp'], maxBytes: MAX_IMAGE_BYTES },

  endpoint(_credential, { env, model }) {
    if (!model) {
      throw new PeekabooUsageError('a Gemini request needs a model: it is part of the URL');
    }
    const name = encodeURIComponent(model.replace(/^models\//, ''));
    const url = `${resolveApiBaseUrl(gemini, env)}/models/${name}:streamGenerateContent?alt=sse`;
    return { api: 'gemini-generate-content', url, headers: {} };
  },

  imageRequestBody({ image, prompt }) {
    return {
      contents: [
        {
          role: 'user',
          parts: [
            { inline_data: { mime_type: image.mediaType, data: encodeBase64(image) } },
            { text: prompt },
          ],
        },
      ],
    };
  },

  // Each event is a whole GenerateContentResponse; the stream simply ends when done.
  readStreamEvent({ data }) {
    const payload = parseEventJson(data);
    const error = readString(payload, 'error', 'message');
    if (error) return { error };
    const blocked = readString(payload, 'promptFeedback', 'blockReason');
    if (blocked) return { error: `the prompt was blocked (${blocked})` };
    const parts = readField(payload, 'candidates', 0, 'content', 'parts');
    if (!Array.isArray(parts)) return {};
    const text = parts
      .filter((part) => readField(part, 'thought') !== true)
      .map((part) => readString(part, 'text') ?? '')
      .join('');
    return text ? { text } : {};
  },
};
