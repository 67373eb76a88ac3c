import { anthropic } from '../../providers/anthropic.js';
import { resolveApiBaseUrl } from '../../providers/registry.js';
import { encodeBase64 } from '../image-input.js';
import { parseEventJson, readString } from '../event-json.js';
import type { ProviderProtocol } from '../types.js';

/** Sonnet 4.6: vision, and available both to API keys and to Claude Pro/Max sign-ins. */
export const ANTHROPIC_DEFAULT_MODEL = 'claude-sonnet-4-6';
/** Room for a long description; the Messages API requires a limit. */
export const ANTHROPIC_MAX_TOKENS = 4096;
/**
 * Anthropic accepts OAuth tokens only for requests that present themselves as Claude Code,
 * which starts with this system block. Other instructions may follow it.
 */
export const CLAUDE_CODE_SYSTEM_PROMPT =
  "You are Claude Code, Anthropic's official CLI for Claude.";
/** 5 MiB per image, counted on the base64 text: 3.75 MiB of file. */
const MAX_IMAGE_BYTES = (5 * 1024 * 1024 * 3) / 4;

/** Messages API (https://docs.anthropic.com/en/api/messages-streaming). */
export const anthropicProtocol: ProviderProtocol = {
  defaultModel: ANTHROPIC_DEFAULT_MODEL,
  images: {
    mediaTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp'],
    maxBytes: MAX_IMAGE_BYTES,
  },

  endpoint(_credential, { env }) {
    const url = `${resolveApiBaseUrl(anthropic, env)}/v1/messages`;
    return { api: 'anthropic-messages', url, headers: {} };
  },

  imageRequestBody({ image, prompt, model }, target) {
    const source = { type: 'base64', media_type: image.mediaType, data: encodeBase64(image) };
    return {
      model,
      max_tokens: ANTHROPIC_MAX_TOKENS,
      stream: true,
      ...(target.auth === 'oauth'
        ? { system: [{ type: 'text', text: CLAUDE_CODE_SYSTEM_PROMPT }] }
        : {}),
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source },
            { type: 'text', text: prompt },
          ],
        },
      ],
    };
  },

  readStreamEvent({ event, data }) {
    if (event === 'ping') return {};
    const payload = parseEventJson(data);
    if (event === 'error' || payload?.type === 'error') {
      return { error: readString(payload, 'error', 'message') ?? 'the stream reported an error' };
    }
    if (event === 'message_stop') return { done: true };
    if (event !== 'content_block_delta') return {};
    const text = readString(payload, 'delta', 'text');
    return readString(payload, 'delta', 'type') === 'text_delta' && text ? { text } : {};
  },
};
