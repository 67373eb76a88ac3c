// The loopback callback server of a real `config login openai`: reachable on loopback only,
// answering its one path, taking one code, and escaping what it shows.
import assert from 'node:assert/strict';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  openAuthorizationUrl,
  startFakeOAuthServer,
  type FakeOAuthServer,
} from '../fakes/oauth-server.js';
import { makeTempHome, type TempHome } from '../helpers/cli.js';
import { startCli, type LiveCli } from '../helpers/live-cli.js';
import { freeLoopbackPort, oauthEnv, readCredentialValues } from '../helpers/oauth-cli.js';
import { listeningAddresses, ownNonLoopbackAddress } from './listening-sockets.js';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request on a fresh connection, to any address of this machine. */
function send(method: string, host: string, port: number, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ method, host, port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A token endpoint that answers only when the test says so, and records the codes sent. */
async function startGatedTokenEndpoint() {
  const codes: string[] = [];
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let arrived!: () => void;
  const firstArrived = new Promise<void>((resolve) => (arrived = resolve));
  const server: Server = createServer(async (req, res) => {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    codes.push(new URLSearchParams(text).get('code') ?? '');
    arrived();
    await released;
    res.writeHead(200, { 'content-type': 'application/json' });
    const tokens = { access_token: 'gated-at-0123456789', refresh_token: 'gated-rt-0123456789' };
    res.end(JSON.stringify({ ...tokens, expires_in: 3600 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth/token`;
  return { url, codes, firstArrived, release, close: () => server.close() };
}

let fake: FakeOAuthServer;
let home: TempHome;
let port: number;
let cli: LiveCli | undefined;

beforeEach(async () => {
  fake = await startFakeOAuthServer();
  home = await makeTempHome();
  port = await freeLoopbackPort();
});

afterEach(async () => {
  cli?.kill();
  assert.deepEqual(fake.unexpected, []);
  await fake.close();
  await home.cleanup();
});

/** Starts a login whose callback server listens on `localhost:<port>`. */
async function startLogin(env: Record<string, string> = {}) {
  const redirectUri = `http://localhost:${port}/auth/callback`;
  cli = startCli(home, ['config', 'login', 'openai', '--no-browser'], {
    env: { ...oauthEnv(fake, 'openai', redirectUri), ...env },
  });
  const url = await cli.authorizationUrl();
  return { url, state: url.searchParams.get('state') ?? '', running: cli };
}

describe('the login callback server', () => {
  it('listens on loopback addresses only, never on another interface', async (t) => {
    await startLogin();
    const listening = await listeningAddresses(port);
    if (listening === undefined) return t.skip('no /proc/net/tcp to read listening sockets');
    assert.ok(listening.length > 0, 'nothing listens on the callback port');
    for (const address of listening) {
      assert.ok(address === '127.0.0.1' || address === '::1', `listening on ${address}`);
    }
    const outside = ownNonLoopbackAddress();
    if (outside) {
      await assert.rejects(send('GET', outside, port, '/auth/callback'), {
        code: 'ECONNREFUSED',
      });
    }
  });

  it('answers only its own path and method, and a bare hit keeps it waiting', async () => {
    await startLogin();
    const others: Array<[string, string, number]> = [
      ['GET', '/', 404],
      ['GET', '/favicon.ico', 404],
      ['GET', '/auth/callback/extra?code=c&state=s', 404],
      ['GET', '/AUTH/CALLBACK?code=c&state=s', 404],
      ['GET', '/auth/callbackx?code=c&state=s', 404],
      ['POST', '/auth/callback?code=c&state=s', 405],
    ];
    for (const [method, path, status] of others) {
      assert.equal((await send(method, '127.0.0.1', port, path)).status, status, path);
    }
    const bare = await send('GET', '127.0.0.1', port, '/auth/callback');
    assert.equal(bare.status, 400);
    assert.match(bare.body, /This address expects a sign-in code\./);
    assert.equal(bare.headers['content-security-policy'], "default-src 'none'");
    assert.equal(bare.headers['cache-control'], 'no-store');
    assert.equal(bare.headers['referrer-policy'], 'no-referrer');
    assert.equal(fake.stats().token, 0, 'no hit so far may start an exchange');
  });

  it('accepts one code: a second one during the exchange gets 410 Gone', async () => {
    const gate = await startGatedTokenEndpoint();
    try {
      const { url, state, running } = await startLogin({ PEEKABOO_OPENAI_TOKEN_URL: gate.url });
      const { location } = await openAuthorizationUrl(url);
      const first = send('GET', '127.0.0.1', port, `${location?.pathname}${location?.search}`);
      await gate.firstArrived;

      const another = `/auth/callback?code=another-code&state=${state}`;
      const second = await send('GET', '127.0.0.1', port, another);
      assert.equal(second.status, 410);
      assert.match(second.body, /This sign-in link was already used\./);
      gate.release();
      assert.equal((await first).status, 200);
      const result = await running.exited;

      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(gate.codes, [location?.searchParams.get('code')]);
      assert.equal((await readCredentialValues(home)).OPENAI_ACCESS_TOKEN, 'gated-at-0123456789');
      await assert.rejects(send('GET', '127.0.0.1', port, '/auth/callback'), {
        code: 'ECONNREFUSED',
      });
    } finally {
      gate.release();
      gate.close();
    }
  });

  it('escapes the provider text it shows on its page', async () => {
    const hostile = `<img src=x onerror="alert(1)"> & 'quoted'`;
    fake.script({ status: 400, body: { error: 'invalid_grant', error_description: hostile } });
    const { url, running } = await startLogin();
    const { callback } = await openAuthorizationUrl(url, { followToCallback: true });

    assert.equal(callback?.status, 400);
    assert.ok(!callback?.body.includes('<img'), callback?.body);
    assert.ok(
      callback?.body.includes(
        '&#60;img src=x onerror=&#34;alert(1)&#34;&#62; &#38; &#39;quoted&#39;',
      ),
      callback?.body,
    );
    assert.equal((await running.exited).code, 1);
  });
});
