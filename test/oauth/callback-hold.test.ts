import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { startCallbackServer, type CallbackServer } from '../../src/oauth/callback-server.js';

const STATE = 'expected-state_123';

/** A plain GET standing in for the browser. */
function get(port: number, path: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function startHolding(signal?: AbortSignal): Promise<CallbackServer> {
  return startCallbackServer({
    redirectUri: 'http://127.0.0.1:0/auth/callback',
    expectedState: STATE,
    signal,
    holdSuccessPage: true,
  });
}

/**
 * Whether the page is still unanswered after a full round trip to the same server: had it
 * been answered when its request arrived, its bytes would be here by then.
 */
async function isPending(server: CallbackServer, promise: Promise<unknown>): Promise<boolean> {
  assert.equal((await get(server.port, '/elsewhere')).status, 404);
  const pending = Symbol('pending');
  const first = await Promise.race([promise, new Promise((r) => setImmediate(() => r(pending)))]);
  return first === pending;
}

test('a held page delivers the code at once and answers only when told it worked', async () => {
  const server = await startHolding();
  const page = get(server.port, `/auth/callback?code=the-code&state=${STATE}`);

  assert.deepEqual(await server.result, { code: 'the-code', state: STATE });
  assert.equal(await isPending(server, page), true, 'the page was answered before the outcome');
  server.reply({ ok: true });
  const answered = await page;
  assert.equal(answered.status, 200);
  assert.match(answered.body, /Signed in to peekaboo/);
  await server.close();
});

test('a held page told of a failure says so, with the reason escaped', async () => {
  const server = await startHolding();
  const page = get(server.port, `/auth/callback?code=c&state=${STATE}`);
  await server.result;

  server.reply({ ok: false, detail: 'token endpoint refused the code: <b>no</b>' });
  const answered = await page;
  assert.equal(answered.status, 400);
  assert.doesNotMatch(answered.body, /Signed in/);
  assert.match(answered.body, /peekaboo sign-in failed/);
  assert.match(answered.body, /refused the code: &#60;b&#62;no&#60;\/b&#62;/);
  await server.close();
});

test('aborting the signal keeps a held page open; closing answers it as stopped', async () => {
  const controller = new AbortController();
  const server = await startHolding(controller.signal);
  const page = get(server.port, `/auth/callback?code=c&state=${STATE}`);
  await server.result;

  controller.abort();
  assert.equal(await isPending(server, page), true, 'the abort cut the held page off');
  await server.close();
  const answered = await page;
  assert.equal(answered.status, 400);
  assert.match(answered.body, /Sign-in stopped before it finished\./);
  await assert.rejects(get(server.port, '/auth/callback'), { code: 'ECONNREFUSED' });
});
