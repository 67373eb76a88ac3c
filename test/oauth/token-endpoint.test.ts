import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { buildAuthorizationUrl } from '../../src/oauth/authorization-url.js';
import { createPkcePair, createState } from '../../src/oauth/pkce.js';
import {
  exchangeAuthorizationCode,
  refreshAccessToken,
  revokeToken,
} from '../../src/oauth/token-endpoint.js';
import type { OAuthClientConfig } from '../../src/oauth/types.js';
import {
  fakeClientConfig,
  openAuthorizationUrl,
  startFakeOAuthServer,
  type FakeOAuthServer,
} from '../fakes/oauth-server.js';

const OPTIONS = { timeoutMs: 5_000 };
let fake: FakeOAuthServer;

before(async () => {
  fake = await startFakeOAuthServer({ clientId: 'app_EMoamEEZ73f0CkXaXp7hrann' });
});
after(() => fake.close());
beforeEach(() => {
  Object.assign(fake.options, { tokenEncoding: 'any', requireStateInTokenRequest: false });
  fake.options.rotateRefreshTokens = true;
  fake.unexpected.length = 0;
  fake.tokenRequests.length = 0;
});

/** Signs in at the fake the way a browser would and returns what the exchange needs. */
async function authorize(config: OAuthClientConfig) {
  const { codeVerifier, codeChallenge } = createPkcePair();
  const state = createState();
  const url = buildAuthorizationUrl(config, { codeChallenge, state });
  const answer = await openAuthorizationUrl(url);
  assert.equal(answer.status, 302);
  const code = answer.location?.searchParams.get('code');
  assert.ok(code, 'the fake gave no code');
  assert.equal(answer.location?.searchParams.get('state'), state);
  return { code, codeVerifier, state };
}

test('a code is exchanged with a form body as RFC 6749 says', async () => {
  fake.options.tokenEncoding = 'form';
  const config = fakeClientConfig(fake);
  const { code, codeVerifier } = await authorize(config);

  const tokens = await exchangeAuthorizationCode(config, { code, codeVerifier }, OPTIONS);

  assert.ok(fake.isAccessTokenValid(tokens.accessToken));
  assert.ok(tokens.refreshToken && fake.isRefreshTokenValid(tokens.refreshToken));
  assert.equal(tokens.expiresIn, 3600);
  assert.deepEqual(fake.tokenRequests[0], {
    grantType: 'authorization_code',
    encoding: 'form',
    body: {
      grant_type: 'authorization_code',
      code,
      redirect_uri: config.redirectUri,
      client_id: config.clientId,
      code_verifier: codeVerifier,
    },
  });
  assert.deepEqual(fake.unexpected, []);
});

test('Anthropic style: a JSON body that also carries state', async () => {
  Object.assign(fake.options, { tokenEncoding: 'json', requireStateInTokenRequest: true });
  const config = fakeClientConfig(fake, {
    tokenRequestEncoding: 'json',
    sendStateInTokenRequest: true,
  });
  const { code, codeVerifier, state } = await authorize(config);

  const tokens = await exchangeAuthorizationCode(config, { code, codeVerifier, state }, OPTIONS);

  assert.ok(fake.isAccessTokenValid(tokens.accessToken));
  assert.equal(fake.tokenRequests[0]?.encoding, 'json');
  assert.equal(fake.tokenRequests[0]?.body.state, state);
  assert.deepEqual(fake.unexpected, []);
});

test('the fake notices a form body where JSON is required', async () => {
  fake.options.tokenEncoding = 'json';
  const config = fakeClientConfig(fake);
  const { code, codeVerifier } = await authorize(config);
  await assert.rejects(exchangeAuthorizationCode(config, { code, codeVerifier }, OPTIONS), {
    code: 'ERR_OAUTH_TOKEN_ENDPOINT',
  });
  assert.equal(fake.unexpected.length, 1);
});

test('a code works once; using it again is invalid_grant', async () => {
  const config = fakeClientConfig(fake);
  const grant = await authorize(config);
  await exchangeAuthorizationCode(config, grant, OPTIONS);

  await assert.rejects(exchangeAuthorizationCode(config, grant, OPTIONS), (error: Error) => {
    assert.equal((error as { code?: string }).code, 'ERR_OAUTH_BAD_CODE');
    assert.match(error.message, /^token endpoint refused the code: invalid_grant/);
    assert.ok(!error.message.includes(grant.code));
    return true;
  });
});

test('a wrong verifier is refused by the server', async () => {
  const config = fakeClientConfig(fake);
  const { code } = await authorize(config);
  const other = createPkcePair().codeVerifier;
  await assert.rejects(
    exchangeAuthorizationCode(config, { code, codeVerifier: other }, OPTIONS),
    { code: 'ERR_OAUTH_BAD_CODE', error: 'invalid_grant' },
  );
  fake.unexpected.length = 0;
});

test('a refresh rotates the refresh token and sends no scope', async () => {
  const config = fakeClientConfig(fake);
  const first = fake.issueRefreshToken();

  const tokens = await refreshAccessToken(config, first, OPTIONS);

  assert.ok(fake.isAccessTokenValid(tokens.accessToken));
  assert.ok(tokens.refreshToken && tokens.refreshToken !== first);
  assert.ok(fake.isRefreshTokenValid(tokens.refreshToken));
  assert.ok(!fake.isRefreshTokenValid(first));
  assert.deepEqual(fake.tokenRequests[0]?.body, {
    grant_type: 'refresh_token',
    refresh_token: first,
    client_id: config.clientId,
  });
  assert.deepEqual(fake.unexpected, []);
});

test('a refresh answer without a refresh token keeps the old one', async () => {
  fake.options.rotateRefreshTokens = false;
  const refreshToken = fake.issueRefreshToken();
  const tokens = await refreshAccessToken(fakeClientConfig(fake), refreshToken, OPTIONS);
  assert.equal(tokens.refreshToken, refreshToken);
});

test('reusing a rotated refresh token is rejected, and the error omits the token', async () => {
  const config = fakeClientConfig(fake);
  const old = fake.issueRefreshToken();
  await refreshAccessToken(config, old, OPTIONS);

  await assert.rejects(refreshAccessToken(config, old, OPTIONS), (error: Error) => {
    assert.equal((error as { code?: string }).code, 'ERR_REFRESH_REJECTED');
    assert.equal((error as { error?: string }).error, 'invalid_grant');
    assert.equal((error as { status?: number }).status, 400);
    assert.ok(!error.message.includes(old));
    assert.ok(!JSON.stringify(error).includes(old));
    return true;
  });
});

test('JSON-encoded refresh requests work too', async () => {
  fake.options.tokenEncoding = 'json';
  const config = fakeClientConfig(fake, { tokenRequestEncoding: 'json' });
  const tokens = await refreshAccessToken(config, fake.issueRefreshToken(), OPTIONS);
  assert.ok(fake.isAccessTokenValid(tokens.accessToken));
  assert.equal(fake.tokenRequests[0]?.encoding, 'json');
});

test('revoking sends the token and hint, and the refresh token stops working', async () => {
  const config = fakeClientConfig(fake);
  const refreshToken = fake.issueRefreshToken();

  await revokeToken(config, refreshToken, { ...OPTIONS, tokenTypeHint: 'refresh_token' });

  assert.deepEqual(fake.revokeRequests.at(-1), {
    token: refreshToken,
    tokenTypeHint: 'refresh_token',
  });
  await assert.rejects(refreshAccessToken(config, refreshToken, OPTIONS), {
    code: 'ERR_REFRESH_REJECTED',
  });
});

test('revocation failures are errors and never echo the token', async () => {
  const config = fakeClientConfig(fake);
  const token = fake.issueRefreshToken();
  fake.scriptRevoke(
    { status: 503, body: 'down', contentType: 'text/plain' },
    { status: 400, body: { error: 'unsupported_token_type', error_description: `no ${token}` } },
  );
  await assert.rejects(revokeToken(config, token, OPTIONS), {
    code: 'ERR_OAUTH_TOKEN_ENDPOINT',
    message: 'revocation endpoint refused the token: HTTP 503',
  });
  await assert.rejects(revokeToken(config, token, OPTIONS), {
    code: 'ERR_OAUTH_TOKEN_ENDPOINT',
    message: 'revocation endpoint refused the token: unsupported_token_type (no ***)',
  });
});

test('a provider without a revocation endpoint says so', async () => {
  const config = fakeClientConfig(fake, { revocationEndpoint: undefined });
  await assert.rejects(revokeToken(config, 't', OPTIONS), { code: 'ERR_NOT_CONFIGURED' });
});

test('an endpoint over clear-text http to a remote host is never called', async () => {
  const config = fakeClientConfig(fake, { tokenEndpoint: 'http://example.com/token' });
  let called = false;
  const spy: typeof fetch = async () => {
    called = true;
    return new Response('{}');
  };
  await assert.rejects(refreshAccessToken(config, 'rt', { ...OPTIONS, fetch: spy }), {
    code: 'ERR_UNSAFE_URL',
  });
  assert.equal(called, false);
});
