import { PeekabooProviderError } from '../errors.js';
import type { ServerSentEvent } from './types.js';

/** A line longer than this is a broken stream, not an event worth holding in memory. */
const MAX_LINE_CHARS = 16 * 1024 * 1024;
const LINE_BREAK = /\r\n|\r|\n/;

/**
 * Reads a `text/event-stream` body as events, as they arrive
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation).
 * Comments, `id` and `retry` are skipped. An event left unterminated when the body ends
 * is still delivered: some servers end without a blank line. Stopping early cancels the body.
 */
export async function* readServerSentEvents(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<ServerSentEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const events = new EventAssembler();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      for (;;) {
        const match = LINE_BREAK.exec(buffer);
        // A lone CR at the end may be the first half of a CRLF still in transit.
        if (!match || (!done && match[0] === '\r' && match.index === buffer.length - 1)) break;
        const ready = events.take(buffer.slice(0, match.index));
        buffer = buffer.slice(match.index + match[0].length);
        if (ready) yield ready;
      }
      if (buffer.length > MAX_LINE_CHARS) {
        const message = 'the provider sent a line longer than any event';
        throw new PeekabooProviderError('ERR_PROVIDER_REQUEST', message);
      }
      if (done) break;
    }
    if (buffer !== '') events.take(buffer);
    const last = events.take('');
    if (last) yield last;
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** Collects fields line by line; a blank line completes the event. */
class EventAssembler {
  private event = '';
  private data: string[] = [];

  take(line: string): ServerSentEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const raw = colon === -1 ? '' : line.slice(colon + 1);
    const value = raw.startsWith(' ') ? raw.slice(1) : raw;
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    return undefined;
  }

  private dispatch(): ServerSentEvent | undefined {
    const event = this.event || 'message';
    const ready = this.data.length > 0 ? { event, data: this.data.join('\n') } : undefined;
    this.event = '';
    this.data = [];
    return ready;
  }
}
