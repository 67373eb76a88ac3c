import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { after, before, beforeEach, test } from 'node:test';
import { startFakeOAuthServer, type FakeOAuthServer } from '../fakes/oauth-server.js';

// The fake is what most login and refresh tests trust; these tests keep it strict.
let fake: FakeOAuthServer;
before(async () => {
  fake = await startFakeOAuthServer();
});
after(() => fake.close());
beforeEach(() => {
  fake.unexpected.length = 0;
});

const REDIRECT = 'http://127.0.0.1:1455/cb';

async function authorize(extra: Record<string, string> = {}) {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const url = new URL(fake.authorizeUrl);
  const params = {
    response_type: 'code',
    client_id: fake.options.clientId,
    redirect_uri: REDIRECT,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 's1',
    ...extra,
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  const answer = await fetch(url, { redirect: 'manual' });
  const location = new URL(answer.headers.get('location') ?? REDIRECT);
  return { answer, verifier, code: location.searchParams.get('code') };
}

function postForm(path: string, body: Record<string, string>) {
  return fetch(`${fake.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body),
  });
}

test('unknown routes and methods are 404 and recorded', async () => {
  assert.equal((await fetch(`${fake.url}/.well-known/openid-configuration`)).status, 404);
  assert.equal((await fetch(fake.tokenUrl)).status, 404);
  assert.deepEqual(fake.unexpected, [
    'GET /.well-known/openid-configuration: no such route',
    'GET /oauth/token: no such route',
  ]);
});

test('an authorization request without PKCE S256 is refused and recorded', async () => {
  const { answer } = await authorize({ code_challenge_method: 'plain' });
  assert.equal(answer.status, 400);
  assert.equal(fake.unexpected.length, 1);
});

test('a code exchange with the wrong verifier fails and the code is spent', async () => {
  const { code, verifier } = await authorize();
  assert.ok(code);
  const base = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT };
  const wrong = await postForm('/oauth/token', {
    ...base,
    client_id: fake.options.clientId,
    // Change the last character; a fixed replacement would match 1 verifier in 64.
    code_verifier: `${verifier.slice(0, -1)}${verifier.endsWith('A') ? 'B' : 'A'}`,
  });
  assert.equal(wrong.status, 400);
  const right = await postForm('/oauth/token', {
    ...base,
    client_id: fake.options.clientId,
    code_verifier: verifier,
  });
  assert.equal(right.status, 400);
  assert.deepEqual(await right.json(), {
    error: 'invalid_grant',
    error_description: 'Invalid code',
  });
});

test('a refresh with a scope parameter is refused and recorded', async () => {
  const answer = await postForm('/oauth/token', {
    grant_type: 'refresh_token',
    refresh_token: fake.issueRefreshToken(),
    client_id: fake.options.clientId,
    scope: 'openid',
  });
  assert.equal(answer.status, 400);
  assert.deepEqual(fake.unexpected, ['POST /oauth/token: scope sent on refresh']);
});

test('the counters can be read over HTTP without counting as unexpected', async () => {
  const before = fake.stats();
  const stats = (await (await fetch(`${fake.url}/__fake__/stats`)).json()) as typeof before;
  assert.deepEqual(stats, before);
  assert.deepEqual(fake.unexpected, []);
});

test('the fake runs as its own process and answers other processes', async (t) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fakes/oauth-server.ts'], {
    env: { ...process.env, FAKE_OAUTH_OPTIONS: JSON.stringify({ clientId: 'from-env' }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.after(() => child.kill('SIGTERM'));
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  const { url, tokenUrl } = JSON.parse(line.toString()) as { url: string; tokenUrl: string };

  const answer = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=refresh_token&refresh_token=unknown&client_id=from-env',
  });
  assert.equal(answer.status, 400);
  const stats = (await (await fetch(`${url}/__fake__/stats`)).json()) as { refreshGrants: number };
  assert.equal(stats.refreshGrants, 1);
});
