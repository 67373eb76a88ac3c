import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { assertNoSecretPrinted, makeTempHome, type TempHome } from '../helpers/cli.js';
import { listDir } from '../helpers/files.js';
import {
  freeLoopbackPort,
  nowSeconds,
  oauthEnv,
  readCredentialValues,
  seedCredentials,
  type OAuthProviderId,
} from '../helpers/oauth-cli.js';
import { startFakeOAuthServer, type FakeOAuthServer } from '../fakes/oauth-server.js';

const EXPIRES_IN = 5400;

let fake: FakeOAuthServer;
let home: TempHome;

beforeEach(async () => {
  fake = await startFakeOAuthServer({ expiresIn: EXPIRES_IN });
  home = await makeTempHome();
});

afterEach(async () => {
  assert.deepEqual(fake.unexpected, []);
  await fake.close();
  await home.cleanup();
});

/**
 * Seeds an API key plus OAuth tokens whose access token expires `expiresIn` seconds from
 * now (negative: already expired), with a refresh token the fake knows unless given one.
 */
async function seedTokens(
  provider: OAuthProviderId,
  o: { expiresIn: number; refreshToken?: string },
) {
  const prefix = provider.toUpperCase();
  const refreshToken = o.refreshToken ?? fake.issueRefreshToken();
  const accessToken = `old-access-token-${provider}-0123456789`;
  const bytes = await seedCredentials(
    home,
    '# seeded by the test\n' +
      `${prefix}_API_KEY=sk-seeded-${provider}-0123456789\n` +
      `${prefix}_ACCESS_TOKEN=${accessToken}\n` +
      `${prefix}_REFRESH_TOKEN=${refreshToken}\n` +
      `${prefix}_ACCESS_EXPIRES=${nowSeconds() + o.expiresIn}\n`,
  );
  return { bytes, accessToken, refreshToken };
}

function token(provider: OAuthProviderId, args: string[] = []) {
  return home.run(['config', 'token', provider, ...args], { env: oauthEnv(fake, provider) });
}

describe('config token refreshes an expiring OAuth token', () => {
  for (const provider of ['openai', 'anthropic'] as const) {
    const encoding = provider === 'openai' ? 'form' : 'json';
    it(`${provider}: one ${encoding} refresh without scope, rotated pair stored`, async () => {
      fake.options.tokenEncoding = encoding;
      const seeded = await seedTokens(provider, { expiresIn: -60 });
      const startedAt = nowSeconds();
      const result = await token(provider);

      assert.equal(result.code, 0, result.stderr);
      const [newAccess] = fake.issued.accessTokens;
      const newRefresh = fake.issued.refreshTokens[1];
      assert.equal(result.stdout, `${newAccess}\n`);
      assert.equal(result.stderr, '');
      assert.deepEqual(
        fake.tokenRequests.map((r) => ({ grant: r.grantType, encoding: r.encoding, ...r.body })),
        [
          {
            grant: 'refresh_token',
            encoding,
            grant_type: 'refresh_token',
            refresh_token: seeded.refreshToken,
            client_id: fake.options.clientId,
          },
        ],
      );

      const prefix = provider.toUpperCase();
      const values = await readCredentialValues(home);
      assert.equal(values[`${prefix}_ACCESS_TOKEN`], newAccess);
      assert.equal(values[`${prefix}_REFRESH_TOKEN`], newRefresh);
      assert.equal(values[`${prefix}_API_KEY`], `sk-seeded-${provider}-0123456789`);
      const expires = Number(values[`${prefix}_ACCESS_EXPIRES`]);
      assert.ok(expires >= startedAt + EXPIRES_IN && expires <= nowSeconds() + EXPIRES_IN);
      const text = await readFile(home.credentialsPath, 'utf8');
      assert.ok(text.startsWith('# seeded by the test\n'));
    });
  }

  it('refreshes a token that expires within the five-minute margin', async () => {
    await seedTokens('openai', { expiresIn: 120 });
    const result = await token('openai');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `${fake.issued.accessTokens[0]}\n`);
    assert.equal(fake.stats().refreshGrants, 1);
  });

  it('prints a token that is still fresh without asking the provider', async () => {
    const seeded = await seedTokens('openai', { expiresIn: 3600 });
    const result = await token('openai');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `${seeded.accessToken}\n`);
    assert.deepEqual(await readFile(home.credentialsPath), seeded.bytes);
    assert.equal(fake.stats().token, 0);
  });

  it('keeps the stored refresh token when the answer brings none', async () => {
    fake.options.rotateRefreshTokens = false;
    const seeded = await seedTokens('openai', { expiresIn: -60 });
    const result = await token('openai');

    assert.equal(result.code, 0, result.stderr);
    const values = await readCredentialValues(home);
    assert.equal(values.OPENAI_ACCESS_TOKEN, fake.issued.accessTokens[0]);
    assert.equal(values.OPENAI_REFRESH_TOKEN, seeded.refreshToken);
    assert.equal(fake.issued.refreshTokens.length, 1, 'the fake issued no new refresh token');
  });
});

describe('config token when the refresh fails', () => {
  it('a refused refresh token says to sign in again and leaves the file alone', async () => {
    const seeded = await seedTokens('openai', {
      expiresIn: -60,
      refreshToken: 'fake-rt-the-provider-forgot-0123456789',
    });
    const result = await token('openai');

    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.equal(
      result.stderr,
      'error: refresh failed: token endpoint refused the refresh token: invalid_grant ' +
        "(Refresh token is invalid); run 'peekaboo config login openai'\n",
    );
    assert.deepEqual(await readFile(home.credentialsPath), seeded.bytes);
    assert.deepEqual(await listDir(home.configDir), ['credentials']);
    assertNoSecretPrinted(result, [seeded.refreshToken, seeded.accessToken]);
  });

  it('a broken refresh answer says so, stores nothing and names the login', async () => {
    const seeded = await seedTokens('openai', { expiresIn: -60 });
    fake.script({ status: 200, body: '<html>maintenance</html>', contentType: 'text/html' });
    const result = await token('openai');

    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.equal(
      result.stderr,
      'error: refresh failed: token endpoint answered HTTP 200 with something other than a ' +
        'JSON object (text/html); nothing stored; if this keeps happening, ' +
        "run 'peekaboo config login openai'\n",
    );
    assert.deepEqual(await readFile(home.credentialsPath), seeded.bytes);
  });

  it('an expired token with no refresh token stored says to sign in again', async () => {
    const bytes = await seedCredentials(
      home,
      'OPENAI_ACCESS_TOKEN=old-access-token-0123456789\n' +
        `OPENAI_ACCESS_EXPIRES=${nowSeconds() - 60}\n`,
    );
    const result = await token('openai');

    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      "error: refresh failed: no refresh token is stored; run 'peekaboo config login openai'\n",
    );
    assert.deepEqual(await readFile(home.credentialsPath), bytes);
    assert.equal(fake.stats().token, 0);
  });

  it('a refused Anthropic refresh (401) names the Anthropic login', async () => {
    fake.options.tokenEncoding = 'json';
    fake.script({ status: 401, body: { error: 'invalid_grant' } });
    const seeded = await seedTokens('anthropic', { expiresIn: -60 });
    const result = await token('anthropic');

    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      'error: refresh failed: token endpoint refused the refresh token: invalid_grant; ' +
        "run 'peekaboo config login anthropic'\n",
    );
    assert.deepEqual(await readFile(home.credentialsPath), seeded.bytes);
  });

  const transient = [
    {
      name: 'a 503 answer',
      script: () =>
        fake.script({ status: 503, body: 'Service Unavailable', contentType: 'text/plain' }),
      reason: 'token endpoint is unavailable right now: HTTP 503',
      args: [] as string[],
    },
    {
      name: 'a 429 answer',
      script: () => fake.script({ status: 429, body: { error: 'rate_limited' } }),
      reason: 'token endpoint is unavailable right now: rate_limited',
      args: [],
    },
    {
      name: 'no answer within --timeout 1',
      script: () => fake.script({ hang: true }),
      reason: 'token endpoint did not answer within 1 s',
      args: ['--timeout', '1'],
    },
  ];
  for (const { name, script, reason, args } of transient) {
    it(`${name} is called transient and the tokens stay as they were`, async () => {
      script();
      const seeded = await seedTokens('openai', { expiresIn: -60 });
      const result = await token('openai', args);

      assert.equal(result.code, 1);
      assert.equal(result.stdout, '');
      assert.equal(
        result.stderr,
        `error: refresh failed for now (transient): ${reason}; the stored tokens are ` +
          'unchanged, try again shortly\n',
      );
      assert.deepEqual(await readFile(home.credentialsPath), seeded.bytes);
      assert.equal(fake.stats().token, 1);
      assert.ok(fake.isRefreshTokenValid(seeded.refreshToken));
    });
  }

  it('a token endpoint nobody listens on is transient too', async () => {
    const seeded = await seedTokens('openai', { expiresIn: -60 });
    const closedPort = await freeLoopbackPort();
    const result = await home.run(['config', 'token', 'openai'], {
      env: {
        ...oauthEnv(fake, 'openai'),
        PEEKABOO_OPENAI_TOKEN_URL: `http://127.0.0.1:${closedPort}/oauth/token`,
      },
    });

    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      'error: refresh failed for now (transient): could not reach the token endpoint ' +
        '(ECONNREFUSED); the stored tokens are unchanged, try again shortly\n',
    );
    assert.deepEqual(await readFile(home.credentialsPath), seeded.bytes);
  });
});
