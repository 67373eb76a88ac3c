import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  fetchTransport,
  nodeTransport,
  type HttpRequest,
  type HttpTransport,
} from '../../src/http/transport.js';
import { startFakeProvider, type FakeProviderServer } from '../fakes/provider-server.js';

const transports: Array<[string, HttpTransport]> = [
  ['node:http transport', nodeTransport],
  ['fetch transport', fetchTransport(fetch)],
];

describe('HTTP transports', () => {
  let server: FakeProviderServer;
  before(async () => {
    server = await startFakeProvider();
    server.route('POST', '/echo', (r) => ({ status: 201, body: { got: r.body } }));
    server.route('GET', '/moved', () => ({ status: 302, headers: { location: '/echo' } }));
    server.route('GET', '/big', () => ({ body: 'x'.repeat(4096) }));
    server.route('GET', '/stall', () => ({ status: 200, chunks: ['{', new Promise(() => {})] }));
    server.route('GET', '/hang', () => ({ hang: true }));
  });
  after(() => server.close());

  const request = (path: string, extra: Partial<HttpRequest> = {}): HttpRequest => ({
    method: 'GET',
    url: new URL(path, server.url),
    headers: {},
    maxBodyBytes: 1024,
    ...extra,
  });

  for (const [name, send] of transports) {
    describe(name, () => {
      it('sends the body and returns status, content type and text', async () => {
        const answer = await send(request('/echo', { method: 'POST', body: 'a=1' }));
        assert.equal(answer.status, 201);
        assert.match(answer.contentType, /application\/json/);
        assert.deepEqual(JSON.parse(answer.body ?? ''), { got: 'a=1' });
      });

      it('hands a redirect back instead of following it', async () => {
        const answer = await send(request('/moved'));
        assert.equal(answer.status, 302);
        const followed = server.requests.filter((r) => r.path === '/echo' && r.method === 'GET');
        assert.equal(followed.length, 0);
      });

      it('drops a body longer than the limit instead of buffering it', async () => {
        const answer = await send(request('/big'));
        assert.equal(answer.status, 200);
        assert.equal(answer.body, undefined);
      });

      it('answers a 2xx at once when its body is not wanted, even if the body stalls', async () => {
        const answer = await send(request('/stall', { readSuccessBody: false }));
        assert.equal(answer.status, 200);
        assert.equal(answer.body, '');
      });

      it('rejects when the signal aborts a request that gets no answer', async () => {
        const signal = AbortSignal.timeout(200);
        await assert.rejects(send(request('/hang', { signal })));
        assert.equal(signal.aborted, true);
      });
    });
  }
});
