import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readServerSentEvents } from '../../src/requests/sse.js';
import type { ServerSentEvent } from '../../src/requests/types.js';

/** A body that delivers `chunks` one read at a time, exactly as split. */
function bodyOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    pull(controller) {
      const next = chunks.shift();
      if (next === undefined) controller.close();
      else controller.enqueue(encoder.encode(next));
    },
  });
}

async function collect(chunks: string[]): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  for await (const event of readServerSentEvents(bodyOf(chunks))) events.push(event);
  return events;
}

describe('server-sent events', () => {
  it('reads named events and defaults the name to message', async () => {
    assert.deepEqual(await collect(['event: ping\ndata: {}\n\ndata: plain\n\n']), [
      { event: 'ping', data: '{}' },
      { event: 'message', data: 'plain' },
    ]);
  });

  it('joins an event split across reads at any byte', async () => {
    const text = 'event: delta\ndata: {"text":"héllo"}\n\n';
    const bytes = Array.from(new TextEncoder().encode(text));
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const byte = bytes.shift();
        if (byte === undefined) controller.close();
        else controller.enqueue(new Uint8Array([byte]));
      },
    });
    const events: ServerSentEvent[] = [];
    for await (const event of readServerSentEvents(body)) events.push(event);
    assert.deepEqual(events, [{ event: 'delta', data: '{"text":"héllo"}' }]);
  });

  it('accepts CRLF and CR line ends, even with CRLF split between reads', async () => {
    assert.deepEqual(await collect(['data: a\r', '\n\r\ndata: b\r\r']), [
      { event: 'message', data: 'a' },
      { event: 'message', data: 'b' },
    ]);
  });

  it('joins multi-line data and skips comments, ids and retries', async () => {
    assert.deepEqual(await collect([': keep-alive\nid: 7\nretry: 10\ndata: one\ndata:two\n\n']), [
      { event: 'message', data: 'one\ntwo' },
    ]);
  });

  it('delivers a last event that the body ended without a blank line', async () => {
    assert.deepEqual(await collect(['data: first\n\ndata: [DONE]']), [
      { event: 'message', data: 'first' },
      { event: 'message', data: '[DONE]' },
    ]);
  });

  it('ignores blank lines that complete no event', async () => {
    assert.deepEqual(await collect(['\n\nevent: lonely\n\n']), []);
  });
});
