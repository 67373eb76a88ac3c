import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { assertNoSecretPrinted, makeTempHome, type TempHome } from '../helpers/cli.js';
import { listDir } from '../helpers/files.js';
import {
  nowSeconds,
  oauthEnv,
  seedCredentials,
  SEEDED_FILE,
  type OAuthProviderId,
} from '../helpers/oauth-cli.js';
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

/** The seeded comments and API keys, then the provider's three OAuth keys. */
async function seedSignedIn(provider: OAuthProviderId): Promise<string> {
  const prefix = provider.toUpperCase();
  const refreshToken = fake.issueRefreshToken();
  await seedCredentials(
    home,
    SEEDED_FILE +
      `${prefix}_ACCESS_TOKEN=access-token-${provider}-0123456789\n` +
      `${prefix}_REFRESH_TOKEN=${refreshToken}\n` +
      `${prefix}_ACCESS_EXPIRES=${nowSeconds() + 3600}\n`,
  );
  return refreshToken;
}

function logout(provider: OAuthProviderId | 'grok', args: string[] = []) {
  const env = provider === 'grok' ? {} : oauthEnv(fake, provider);
  return home.run(['config', 'logout', provider, ...args], { env });
}

function removedLine(provider: OAuthProviderId): string {
  const p = provider.toUpperCase();
  return (
    `[ok] Removed ${p}_ACCESS_TOKEN, ${p}_REFRESH_TOKEN, ${p}_ACCESS_EXPIRES ` +
    `from ${home.credentialsPath}\n`
  );
}

describe('config logout', () => {
  it('removes the three keys, keeps the API key, and revokes the refresh token', async () => {
    const refreshToken = await seedSignedIn('openai');
    const result = await logout('openai');

    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '');
    assert.equal(
      result.stderr,
      removedLine('openai') +
        '[ok] Refresh token revoked at the provider\n' +
        'To revoke the grant entirely, visit https://chatgpt.com/#settings/Security\n',
    );
    assert.equal(await readFile(home.credentialsPath, 'utf8'), SEEDED_FILE);
    assert.deepEqual(fake.revokeRequests, [
      { token: refreshToken, tokenTypeHint: 'refresh_token' },
    ]);
    assert.equal(fake.isRefreshTokenValid(refreshToken), false);
    assertNoSecretPrinted(result, [refreshToken, 'access-token-openai-0123456789']);
  });

  it('says when revocation fails, yet removes the tokens and exits 0', async () => {
    fake.scriptRevoke({ status: 503, body: { error: 'temporarily_unavailable' } });
    const refreshToken = await seedSignedIn('openai');
    const result = await logout('openai');

    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stderr,
      removedLine('openai') +
        '[warn] Could not revoke the refresh token at the provider: revocation endpoint ' +
        'refused the token: temporarily_unavailable\n' +
        'To revoke the grant entirely, visit https://chatgpt.com/#settings/Security\n',
    );
    assert.equal(await readFile(home.credentialsPath, 'utf8'), SEEDED_FILE);
    assert.equal(fake.stats().revoke, 1);
    assertNoSecretPrinted(result, [refreshToken]);
  });

  it('gives up on a silent revocation endpoint after --timeout, tokens already gone', async () => {
    fake.scriptRevoke({ hang: true });
    await seedSignedIn('openai');
    const result = await logout('openai', ['--timeout', '1']);

    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stderr,
      removedLine('openai') +
        '[warn] Could not revoke the refresh token at the provider: revocation endpoint ' +
        'did not answer within 1 s\n' +
        'To revoke the grant entirely, visit https://chatgpt.com/#settings/Security\n',
    );
    assert.equal(await readFile(home.credentialsPath, 'utf8'), SEEDED_FILE);
  });

  it('Anthropic has no revocation endpoint and says so', async () => {
    await seedSignedIn('anthropic');
    const result = await logout('anthropic');

    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stderr,
      removedLine('anthropic') +
        'Anthropic offers no public revocation endpoint.\n' +
        'To revoke the grant entirely, visit https://claude.ai/settings/account\n',
    );
    assert.equal(await readFile(home.credentialsPath, 'utf8'), SEEDED_FILE);
    assert.equal(fake.stats().revoke, 0);
  });

  it('exits 0 with nothing to remove and leaves the file byte for byte', async () => {
    const before = await seedCredentials(home);
    const result = await logout('openai');

    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stderr,
      `Nothing to remove: no OpenAI OAuth tokens in ${home.credentialsPath}\n`,
    );
    assert.deepEqual(await readFile(home.credentialsPath), before);
    assert.deepEqual(await listDir(home.configDir), ['credentials']);
    assert.equal(fake.stats().revoke, 0);
  });

  it('exits 0 without creating a credentials file when there is none', async () => {
    const result = await logout('openai');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(existsSync(home.credentialsPath), false);
  });

  it('a provider without OAuth points to config remove', async () => {
    const result = await logout('grok');
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      'error: Grok (xAI) has no OAuth login to log out of (next: peekaboo config remove grok)\n',
    );
  });
});
