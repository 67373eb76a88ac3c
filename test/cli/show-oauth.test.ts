import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { makeTempHome, type TempHome } from '../helpers/cli.js';
import {
  nowSeconds,
  oauthEnv,
  readCredentialValues,
  seedCredentials,
} from '../helpers/oauth-cli.js';
import { startFakeOAuthServer, type FakeOAuthServer } from '../fakes/oauth-server.js';
import {
  providerBaseUrls,
  startFakeProvider,
  type FakeProviderServer,
} from '../fakes/provider-server.js';

let fake: FakeOAuthServer;
let api: FakeProviderServer;
let home: TempHome;

beforeEach(async () => {
  fake = await startFakeOAuthServer({ tokenEncoding: 'form', expiresIn: 5400 });
  api = await startFakeProvider();
  // The fake API accepts exactly the access tokens the fake OAuth server has handed out.
  api.route('GET', '/openai/models', (r) =>
    fake.isAccessTokenValid(String(r.headers.authorization).replace(/^Bearer /, ''))
      ? { body: { data: [] } }
      : { status: 401, body: { error: { message: 'invalid token' } } },
  );
  home = await makeTempHome();
});

afterEach(async () => {
  assert.deepEqual(fake.unexpected, []);
  assert.deepEqual(api.unexpected, []);
  await fake.close();
  await api.close();
  await home.cleanup();
});

async function seedExpired(refreshToken: string): Promise<Buffer> {
  return seedCredentials(
    home,
    'OPENAI_ACCESS_TOKEN=expired-access-token-0123456789\n' +
      `OPENAI_REFRESH_TOKEN=${refreshToken}\n` +
      `OPENAI_ACCESS_EXPIRES=${nowSeconds() - 60}\n`,
  );
}

function show() {
  return home.run(['config', 'show', '--json'], {
    env: { ...oauthEnv(fake, 'openai'), ...providerBaseUrls(api) },
  });
}

describe('config show with an expired OAuth token', () => {
  it('refreshes it first and validates the new token', async () => {
    await seedExpired(fake.issueRefreshToken());
    const result = await show();

    assert.equal(result.code, 0, result.stderr);
    const [newAccess] = fake.issued.accessTokens;
    const openai = JSON.parse(result.stdout).providers[0];
    assert.deepEqual(openai, {
      id: 'openai',
      name: 'OpenAI',
      status: 'ready',
      validated: true,
      source: { kind: 'file', key: 'OPENAI_ACCESS_TOKEN' },
      auth: 'oauth',
      expiresAt: Number((await readCredentialValues(home)).OPENAI_ACCESS_EXPIRES),
    });
    assert.equal(fake.stats().refreshGrants, 1);
    assert.deepEqual(
      api.requests.map((r) => r.headers.authorization),
      [`Bearer ${newAccess}`],
    );
    assert.equal((await readCredentialValues(home)).OPENAI_ACCESS_TOKEN, newAccess);
  });

  it('reports a refused refresh with the sign-in command, exits 1, file untouched', async () => {
    const before = await seedExpired('fake-rt-the-provider-forgot-0123456789');
    const result = await show();

    assert.equal(result.code, 1);
    const openai = JSON.parse(result.stdout).providers[0];
    assert.equal(openai.status, 'stored');
    assert.equal(
      openai.reason,
      'refresh failed: token endpoint refused the refresh token: invalid_grant ' +
        "(Refresh token is invalid); run 'peekaboo config login openai'",
    );
    assert.equal(api.requests.length, 0);
    assert.deepEqual(await readFile(home.credentialsPath), before);
  });
});
