import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { PeekabooError } from '../../src/errors.js';
import { exchangeAuthorizationCode, refreshAccessToken } from '../../src/oauth/token-endpoint.js';
import {
  fakeClientConfig,
  startFakeOAuthServer,
  type FakeOAuthServer,
  type ScriptedResponse,
} from '../fakes/oauth-server.js';

const CODE = 'code-that-must-stay-secret';
const VERIFIER = 'verifier-that-must-stay-secret-0123456789abcdef';
const REFRESH = 'refresh-token-that-must-stay-secret';
const SECRETS = [CODE, VERIFIER, REFRESH, 'fake-at-', 'fake-rt-', 'leaked-at', 'leaked-rt'];

let fake: FakeOAuthServer;
before(async () => {
  fake = await startFakeOAuthServer();
});
after(() => fake.close());
beforeEach(() => {
  fake.unexpected.length = 0;
});

/** Runs one request against one scripted answer and returns the error it threw. */
async function failure(
  grant: 'code' | 'refresh',
  response: ScriptedResponse,
  timeoutMs = 5_000,
): Promise<PeekabooError & { status?: number; error?: string; errorDescription?: string }> {
  fake.script(response);
  const config = fakeClientConfig(fake);
  const attempt =
    grant === 'code'
      ? exchangeAuthorizationCode(config, { code: CODE, codeVerifier: VERIFIER }, { timeoutMs })
      : refreshAccessToken(config, REFRESH, { timeoutMs });
  try {
    await attempt;
  } catch (error) {
    assert.ok(error instanceof PeekabooError, `not a PeekabooError: ${String(error)}`);
    const everything = `${error.message} ${JSON.stringify(error)} ${error.stack ?? ''}`;
    for (const secret of SECRETS) {
      assert.ok(!everything.includes(secret), `the error holds ${secret}: ${error.message}`);
    }
    assert.doesNotMatch(error.message, /[\r\n]/);
    return error;
  }
  assert.fail('the request should have failed');
}

const good = { access_token: 'leaked-at', refresh_token: 'leaked-rt', expires_in: 3600 };

test('refresh: 400 invalid_grant is rejected, with the provider words', async () => {
  const error = await failure('refresh', {
    status: 400,
    body: { error: 'invalid_grant', error_description: 'Refresh token expired' },
  });
  assert.equal(error.code, 'ERR_REFRESH_REJECTED');
  assert.equal(
    error.message,
    'token endpoint refused the refresh token: invalid_grant (Refresh token expired)',
  );
  assert.equal(error.errorDescription, 'Refresh token expired');
});

test('refresh: 401 without a body is rejected', async () => {
  const error = await failure('refresh', { status: 401, body: '' });
  assert.equal(error.code, 'ERR_REFRESH_REJECTED');
  assert.equal(error.status, 401);
});

test('refresh: an error description echoing the refresh token is scrubbed', async () => {
  const error = await failure('refresh', {
    status: 400,
    body: { error: 'invalid_grant', error_description: `token ${REFRESH} is revoked` },
  });
  assert.equal(error.errorDescription, 'token *** is revoked');
});

test('refresh: 5xx, 429 and 408 are transient', async () => {
  for (const status of [500, 502, 503, 429, 408]) {
    const error = await failure('refresh', { status, body: '<html>oops</html>' });
    assert.equal(error.code, 'ERR_REFRESH_TRANSIENT', String(status));
    assert.equal(error.status, status);
  }
});

test('refresh: a timeout is transient', async () => {
  const error = await failure('refresh', { hang: true }, 200);
  assert.equal(error.code, 'ERR_REFRESH_TRANSIENT');
  assert.match(error.message, /did not answer within 0.2 s/);
});

test('refresh: a dropped connection is transient', async () => {
  const error = await failure('refresh', { resetConnection: true });
  assert.equal(error.code, 'ERR_REFRESH_TRANSIENT');
  assert.match(error.message, /could not reach the token endpoint/);
});

test('refresh: a refused connection is transient', async () => {
  const closed = await startFakeOAuthServer();
  await closed.close();
  const config = fakeClientConfig(closed);
  await assert.rejects(refreshAccessToken(config, REFRESH, { timeoutMs: 5_000 }), {
    code: 'ERR_REFRESH_TRANSIENT',
    message: 'could not reach the token endpoint (ECONNREFUSED)',
  });
});

test('code exchange: a timeout is ERR_OAUTH_TIMEOUT', async () => {
  const error = await failure('code', { hang: true }, 200);
  assert.equal(error.code, 'ERR_OAUTH_TIMEOUT');
});

test('code exchange: a 4xx error names the provider error', async () => {
  const error = await failure('code', {
    status: 400,
    body: { error: 'invalid_grant', error_description: 'Code expired' },
  });
  assert.equal(error.code, 'ERR_OAUTH_BAD_CODE');
  assert.equal(error.message, 'token endpoint refused the code: invalid_grant (Code expired)');
  const other = await failure('code', { status: 401, body: { error: 'invalid_client' } });
  assert.equal(other.code, 'ERR_OAUTH_TOKEN_ENDPOINT');
  assert.equal(other.error, 'invalid_client');
});

test('code exchange: an HTML 502 is a token endpoint failure', async () => {
  const error = await failure('code', {
    status: 502,
    body: '<html><body>Bad gateway</body></html>',
    contentType: 'text/html',
  });
  assert.equal(error.code, 'ERR_OAUTH_TOKEN_ENDPOINT');
  assert.equal(error.message, 'token endpoint failed: HTTP 502');
});

for (const grant of ['code', 'refresh'] as const) {
  test(`${grant}: a 200 with HTML is a bad response`, async () => {
    const error = await failure(grant, {
      status: 200,
      body: '<html>login</html>',
      contentType: 'text/html; charset=utf-8',
    });
    assert.equal(error.code, 'ERR_OAUTH_BAD_RESPONSE');
    assert.match(error.message, /something other than a JSON object \(text\/html\)/);
  });

  test(`${grant}: malformed JSON is a bad response that keeps no body`, async () => {
    const error = await failure(grant, { status: 200, body: '{"access_token": "leaked-at",' });
    assert.equal(error.code, 'ERR_OAUTH_BAD_RESPONSE');
  });

  test(`${grant}: a missing access_token is a bad response`, async () => {
    const body = { ...good, access_token: undefined };
    const error = await failure(grant, { status: 200, body });
    assert.equal(error.code, 'ERR_OAUTH_BAD_RESPONSE');
    assert.match(error.message, /no access_token/);
  });

  test(`${grant}: a line break or NUL in a token stores nothing`, async () => {
    for (const bad of ['leaked-at\nINJECTED=1', 'leaked-at\r', 'leaked-at\u0000']) {
      const error = await failure(grant, { status: 200, body: { ...good, access_token: bad } });
      assert.equal(error.code, 'ERR_INVALID_VALUE');
      assert.equal(
        error.message,
        'token endpoint returned a value with a line break; nothing stored',
      );
    }
    const error = await failure(grant, {
      status: 200,
      body: { ...good, refresh_token: 'leaked-rt\nX=1' },
    });
    assert.equal(error.code, 'ERR_INVALID_VALUE');
  });

  test(`${grant}: a negative, zero, absurd or non-numeric expires_in is refused`, async () => {
    const tenYearsAndADay = (10 * 366 + 1) * 24 * 60 * 60;
    for (const expires of [-1, 0, tenYearsAndADay, 1e308, 'soon', null, undefined]) {
      const error = await failure(grant, { status: 200, body: { ...good, expires_in: expires } });
      assert.equal(error.code, 'ERR_OAUTH_BAD_RESPONSE', String(expires));
      assert.match(error.message, /expires_in/);
    }
  });

  test(`${grant}: a 10 MB body is refused without reading it all`, async () => {
    const error = await failure(grant, { hugeBodyBytes: 10 * 1024 * 1024 });
    assert.equal(error.code, 'ERR_OAUTH_BAD_RESPONSE');
    assert.match(error.message, /more than 1 MiB/);
  });

  test(`${grant}: a 2 MiB body with a content-length is refused too`, async () => {
    const error = await failure(grant, {
      status: 200,
      body: JSON.stringify({ ...good, pad: 'x'.repeat(2 * 1024 * 1024) }),
    });
    assert.equal(error.code, 'ERR_OAUTH_BAD_RESPONSE');
  });

  test(`${grant}: a redirect is not followed`, async () => {
    const error = await failure(grant, {
      status: 302,
      headers: { location: `${fake.url}/elsewhere` },
    });
    assert.equal(error.code, 'ERR_OAUTH_BAD_RESPONSE');
    assert.match(error.message, /redirect \(HTTP 302\)/);
    assert.deepEqual(fake.unexpected, [], 'the redirect was followed');
  });
}

test('code exchange: a missing refresh_token is a bad response', async () => {
  const body = { ...good, refresh_token: undefined };
  const error = await failure('code', { status: 200, body });
  assert.equal(error.code, 'ERR_OAUTH_BAD_RESPONSE');
  assert.match(error.message, /no refresh_token/);
});

test('a numeric string expires_in and an id_token are accepted', async () => {
  fake.script({ status: 200, body: { ...good, expires_in: '7200', id_token: 'header.body.sig' } });
  const tokens = await refreshAccessToken(fakeClientConfig(fake), REFRESH, { timeoutMs: 5_000 });
  assert.deepEqual(tokens, {
    accessToken: 'leaked-at',
    refreshToken: 'leaked-rt',
    expiresIn: 7200,
    idToken: 'header.body.sig',
  });
});

test('a caller abort is ERR_ABORTED, not a timeout', async () => {
  fake.script({ hang: true });
  const controller = new AbortController();
  const attempt = refreshAccessToken(fakeClientConfig(fake), REFRESH, {
    timeoutMs: 30_000,
    signal: controller.signal,
  });
  setTimeout(() => controller.abort(), 50);
  await assert.rejects(attempt, { code: 'ERR_ABORTED' });
});
