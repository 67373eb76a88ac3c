import type { RecordedRequest } from './provider-server.js';

/** The smallest real PNG (1x1, transparent). */
export const PNG_BYTES = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
/** Files that start with each format's signature; only their first bytes matter. */
export const JPEG_BYTES = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]);
export const GIF_BYTES = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
export const WEBP_BYTES = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([0x1a, 0, 0, 0]),
  Buffer.from('WEBPVP8L'),
  Buffer.alloc(8),
]);

/** A ChatGPT-style access token (a JWT nobody verifies here), with or without the claim. */
export function fakeChatGptToken(accountId: string | undefined, salt = 'a'): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const auth = accountId === undefined ? {} : { chatgpt_account_id: accountId };
  const claims = { sub: `user-${salt}`, 'https://api.openai.com/auth': auth };
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.sig-${salt}`;
}

/** A `text/event-stream` body: one `event:`/`data:` block per entry. */
export function sse(events: Array<{ event?: string; data: unknown }>): string {
  return events
    .map(({ event, data }) => {
      const text = typeof data === 'string' ? data : JSON.stringify(data);
      return `${event ? `event: ${event}\n` : ''}data: ${text}\n\n`;
    })
    .join('');
}

/** A provider's streamed answer made of `pieces`, in that provider's event format. */
export function streamedAnswer(provider: string, pieces: string[]): string[] {
  switch (provider) {
    case 'anthropic':
      return [
        sse([{ event: 'message_start', data: { type: 'message_start', message: {} } }]),
        ...pieces.map((text) =>
          sse([
            {
              event: 'content_block_delta',
              data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } },
            },
          ]),
        ),
        sse([{ event: 'message_stop', data: { type: 'message_stop' } }]),
      ];
    case 'openai':
      return [
        ...pieces.map((delta) => {
          const type = 'response.output_text.delta';
          return sse([{ event: type, data: { type, delta } }]);
        }),
        sse([{ event: 'response.completed', data: { type: 'response.completed', response: {} } }]),
      ];
    case 'gemini':
      return pieces.map((text) =>
        sse([{ data: { candidates: [{ content: { role: 'model', parts: [{ text }] } }] } }]),
      );
    case 'grok':
      return [
        ...pieces.map((content) =>
          sse([{ data: { choices: [{ index: 0, delta: { content } }] } }]),
        ),
        sse([{ data: '[DONE]' }]),
      ];
    default:
      throw new Error(`no stream format for ${provider}`);
  }
}

/** Headers every HTTP client adds by itself; what remains is what peekaboo chose to send. */
const TRANSPORT_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'accept-encoding',
  'accept-language',
  'sec-fetch-mode',
  'user-agent',
]);

/** The headers a request carried, minus the transport's own. */
export function sentHeaders(request: RecordedRequest): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (!TRANSPORT_HEADERS.has(name)) kept[name] = String(value);
  }
  return kept;
}
