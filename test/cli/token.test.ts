import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { makeTempHome, type TempHome } from '../helpers/cli.js';
import { nowSeconds, oauthEnv, seedCredentials, SEEDED_FILE } from '../helpers/oauth-cli.js';
import { startFakeOAuthServer, type FakeOAuthServer } from '../fakes/oauth-server.js';

let fake: FakeOAuthServer;
let home: TempHome;

beforeEach(async () => {
  fake = await startFakeOAuthServer({ tokenEncoding: 'form' });
  home = await makeTempHome();
});

afterEach(async () => {
  assert.deepEqual(fake.unexpected, []);
  await fake.close();
  await home.cleanup();
});

function token(provider: string, args: string[] = [], env: Record<string, string> = {}) {
  return home.run(['config', 'token', provider, ...args], {
    env: { ...oauthEnv(fake, 'openai'), ...oauthEnv(fake, 'anthropic'), ...env },
  });
}

describe('config token', () => {
  it('prints only the stored API key on stdout', async () => {
    await seedCredentials(home);
    const result = await token('anthropic');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'sk-ant-seeded-0123456789\n');
    assert.equal(result.stderr, '');
  });

  it('prints the OAuth access token rather than the API key beside it', async () => {
    const expires = nowSeconds() + 3600;
    await seedCredentials(
      home,
      `${SEEDED_FILE}OPENAI_ACCESS_TOKEN=access-token-0123456789\n` +
        `OPENAI_REFRESH_TOKEN=${fake.issueRefreshToken()}\nOPENAI_ACCESS_EXPIRES=${expires}\n`,
    );
    const result = await token('openai');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'access-token-0123456789\n');
    assert.equal(result.stderr, '');
  });

  it('--json adds the kind, the source and the expiry of an OAuth token', async () => {
    const expires = nowSeconds() + 3600;
    await seedCredentials(
      home,
      'OPENAI_ACCESS_TOKEN=access-token-0123456789\n' +
        `OPENAI_REFRESH_TOKEN=${fake.issueRefreshToken()}\nOPENAI_ACCESS_EXPIRES=${expires}\n`,
    );
    const result = await token('openai', ['--json']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), {
      provider: 'openai',
      kind: 'oauth',
      source: { kind: 'file', key: 'OPENAI_ACCESS_TOKEN' },
      token: 'access-token-0123456789',
      expiresAt: expires,
    });
    assert.equal(result.stderr, '');
  });

  it('--json names the environment variable an API key came from, without expiry', async () => {
    await seedCredentials(home);
    const result = await token('openai', ['--json'], { OPENAI_API_KEY: 'sk-env-0123456789' });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), {
      provider: 'openai',
      kind: 'api-key',
      source: { kind: 'env', key: 'OPENAI_API_KEY' },
      token: 'sk-env-0123456789',
    });
  });

  it('an API key in the environment wins over expired OAuth tokens, with no refresh', async () => {
    await seedCredentials(
      home,
      'OPENAI_ACCESS_TOKEN=access-token-0123456789\n' +
        `OPENAI_REFRESH_TOKEN=${fake.issueRefreshToken()}\nOPENAI_ACCESS_EXPIRES=1\n`,
    );
    const result = await token('openai', [], { OPENAI_API_KEY: 'sk-env-0123456789' });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'sk-env-0123456789\n');
    assert.equal(fake.stats().token, 0);
  });

  it('refreshes first when only a refresh token is stored', async () => {
    await seedCredentials(home, `OPENAI_REFRESH_TOKEN=${fake.issueRefreshToken()}\n`);
    const result = await token('openai');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `${fake.issued.accessTokens[0]}\n`);
    assert.equal(fake.stats().refreshGrants, 1);
  });

  it('without a credential says so and names the commands that add one', async () => {
    const result = await token('openai');
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.equal(
      result.stderr,
      'error: no OpenAI credential is configured ' +
        "(next: run 'peekaboo config login openai' or 'peekaboo config add openai')\n",
    );
  });

  it('without a credential for a provider with no OAuth names only config add', async () => {
    const result = await token('gemini', ['--json']);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      "error: no Gemini credential is configured (next: run 'peekaboo config add gemini')\n",
    );
    assert.deepEqual(JSON.parse(result.stdout), {
      error: {
        code: 'ERR_NOT_CONFIGURED',
        message: 'no Gemini credential is configured',
        hint: "run 'peekaboo config add gemini'",
      },
    });
  });
});
