import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { test } from 'node:test';
import { startCallbackServer, type CallbackServer } from '../../src/oauth/callback-server.js';

const STATE = 'expected-state_123';

/** A plain GET that does not keep the connection alive, standing in for the browser. */
function get(port: number, path: string, host = '127.0.0.1') {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host, port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function start(signal?: AbortSignal): Promise<CallbackServer> {
  return startCallbackServer({
    redirectUri: 'http://127.0.0.1:0/auth/callback',
    expectedState: STATE,
    signal,
  });
}

test('a real GET with the right state delivers the code and shows success', async () => {
  const server = await start();
  const page = await get(server.port, `/auth/callback?code=the-code&state=${STATE}`);

  assert.equal(page.status, 200);
  assert.match(page.body, /Signed in/);
  assert.deepEqual(await server.result, { code: 'the-code', state: STATE });
  await server.close();
});

test('other paths get 404 and do not end the wait', async () => {
  const server = await start();
  assert.equal((await get(server.port, '/favicon.ico')).status, 404);
  assert.equal((await get(server.port, `/auth/callback/x?code=c&state=${STATE}`)).status, 404);
  assert.equal((await get(server.port, `/?code=c&state=${STATE}`)).status, 404);

  const page = await get(server.port, `/auth/callback?code=c&state=${STATE}`);
  assert.equal(page.status, 200);
  assert.equal((await server.result).code, 'c');
  await server.close();
});

test('a request without code or error is answered and the wait goes on', async () => {
  const server = await start();
  assert.equal((await get(server.port, '/auth/callback')).status, 400);
  await get(server.port, `/auth/callback?code=late&state=${STATE}`);
  assert.equal((await server.result).code, 'late');
  await server.close();
});

test('a state mismatch shows a failure page and rejects', async () => {
  const server = await start();
  const page = await get(server.port, '/auth/callback?code=c&state=someone-else');

  assert.equal(page.status, 400);
  assert.match(page.body, /failed/);
  assert.doesNotMatch(page.body, /Signed in/);
  await assert.rejects(server.result, { code: 'ERR_OAUTH_STATE_MISMATCH' });
  await server.close();
});

test('a code without any state is a state mismatch', async () => {
  const server = await start();
  await get(server.port, '/auth/callback?code=c');
  await assert.rejects(server.result, { code: 'ERR_OAUTH_STATE_MISMATCH' });
  await server.close();
});

test('a provider error rejects with its words, HTML-escaped on the page', async () => {
  const server = await start();
  const description = '<script>alert("x")</script> & more';
  const path =
    `/auth/callback?error=access_denied&state=${STATE}` +
    `&error_description=${encodeURIComponent(description)}`;
  const page = await get(server.port, path);

  assert.equal(page.status, 400);
  assert.ok(!page.body.includes('<script>'), 'provider text reached the page unescaped');
  assert.match(page.body, /&#60;script&#62;alert\(&#34;x&#34;\)&#60;\/script&#62; &#38; more/);
  await assert.rejects(server.result, (error: Error & Record<string, unknown>) => {
    assert.equal(error.code, 'ERR_OAUTH_BAD_CODE');
    assert.equal(error.error, 'access_denied');
    assert.match(error.message, /access_denied/);
    return true;
  });
  await server.close();
});

test('only one code is accepted; later hits get 410 and the server then closes', async () => {
  const server = await start();
  const first = await get(server.port, `/auth/callback?code=first&state=${STATE}`);
  assert.equal(first.status, 200);
  assert.equal((await server.result).code, 'first');

  // The server closes after the first answer; a later hit is either 410 or refused.
  const second = await get(server.port, `/auth/callback?code=second&state=${STATE}`).catch(
    (error: NodeJS.ErrnoException) => ({ status: error.code, body: '' }),
  );
  assert.ok(second.status === 410 || second.status === 'ECONNREFUSED', String(second.status));
  await server.close();
  await assert.rejects(get(server.port, '/auth/callback'), { code: 'ECONNREFUSED' });
});

test('hits that arrive together still deliver exactly one code', async () => {
  const server = await start();
  const hits = await Promise.allSettled(
    ['a', 'b', 'c'].map((code) => get(server.port, `/auth/callback?code=${code}&state=${STATE}`)),
  );
  const statuses = hits.map((hit) => (hit.status === 'fulfilled' ? hit.value.status : 0));
  assert.equal(statuses.filter((status) => status === 200).length, 1, String(statuses));
  assert.ok(['a', 'b', 'c'].includes((await server.result).code));
  await server.close();
});

test('a taken port rejects with an EADDRINUSE error', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const { port } = blocker.address() as AddressInfo;
  try {
    await assert.rejects(
      startCallbackServer({
        redirectUri: `http://127.0.0.1:${port}/auth/callback`,
        expectedState: STATE,
      }),
      { code: 'EADDRINUSE' },
    );
  } finally {
    await new Promise((resolve) => blocker.close(resolve));
  }
});

test('localhost binds the loopback addresses only, never another interface', async (t) => {
  const server = await startCallbackServer({
    redirectUri: 'http://localhost:0/cb',
    expectedState: STATE,
  });
  t.after(() => server.close());
  assert.equal((await get(server.port, '/nope')).status, 404);

  const v6 = await get(server.port, '/nope', '::1').catch((e: NodeJS.ErrnoException) => e);
  if (!(v6 instanceof Error)) assert.equal(v6.status, 404);
  else assert.ok(['EADDRNOTAVAIL', 'EAFNOSUPPORT', 'ENETUNREACH'].includes(v6.code ?? ''));

  const outside = Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry && entry.family === 'IPv4' && !entry.internal);
  if (!outside) return t.skip('no non-loopback IPv4 interface to probe');
  await assert.rejects(get(server.port, '/nope', outside.address), { code: 'ECONNREFUSED' });
});

test('a redirect URI that is not http loopback is refused', async () => {
  const refused = ['https://platform.claude.com/oauth/code/callback', 'http://0.0.0.0:1/x'];
  for (const redirectUri of refused) {
    await assert.rejects(startCallbackServer({ redirectUri, expectedState: STATE }), {
      code: 'ERR_INVALID_VALUE',
    });
  }
});

test('closing before a code arrives rejects the result with ERR_ABORTED', async () => {
  const server = await start();
  await server.close();
  await assert.rejects(server.result, { code: 'ERR_ABORTED' });
});

test('aborting the signal rejects the result and stops listening', async () => {
  const controller = new AbortController();
  const server = await start(controller.signal);
  controller.abort();
  await assert.rejects(server.result, { code: 'ERR_ABORTED' });
  await server.close();
  await assert.rejects(get(server.port, '/auth/callback'), { code: 'ECONNREFUSED' });
});

/** Sends a raw request line, as any local process could. */
function rawRequest(port: number, line: string) {
  return new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(`${line}\r\nHost: x\r\n\r\n`));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

test('a request line that is no URL gets 400 and the wait goes on', async () => {
  const server = await start();
  const answer = await rawRequest(server.port, 'GET http://[ HTTP/1.1');
  assert.match(answer, /^HTTP\/1\.1 400/);

  await get(server.port, `/auth/callback?code=after&state=${STATE}`);
  assert.equal((await server.result).code, 'after');
  await server.close();
});

test('an error answer without this login\'s state does not end the wait', async () => {
  const server = await start();
  const page = await get(server.port, '/auth/callback?error=access_denied');
  assert.equal(page.status, 400);
  assert.match(page.body, /does not belong to this sign-in/);

  await get(server.port, `/auth/callback?code=still&state=${STATE}`);
  assert.equal((await server.result).code, 'still');
  await server.close();
});
