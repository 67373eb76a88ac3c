import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { CredentialManager } from '../../src/auth/credential-manager.js';
import { CredentialStore } from '../../src/store/credentials-store.js';
import { makeCredentialsDir, type CredentialsDir } from '../helpers/credentials-dir.js';
import { startFakeOAuthServer, type FakeOAuthServer } from '../fakes/oauth-server.js';

const now = () => Math.floor(Date.now() / 1000);

let fake: FakeOAuthServer;
let files: CredentialsDir;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  fake = await startFakeOAuthServer({ tokenEncoding: 'form' });
  files = await makeCredentialsDir({
    OPENAI_ACCESS_TOKEN: 'expired-access-token-0123456789',
    OPENAI_REFRESH_TOKEN: fake.issueRefreshToken(),
    OPENAI_ACCESS_EXPIRES: String(now() - 60),
  });
  env = {
    PEEKABOO_OPENAI_TOKEN_URL: fake.tokenUrl,
    PEEKABOO_OPENAI_CLIENT_ID: fake.options.clientId,
  };
});

afterEach(async () => {
  assert.deepEqual(fake.unexpected, []);
  await fake.close();
  await files.cleanup();
});

describe('CredentialManager refresh', () => {
  it('stores a refresh that one caller gave up on, so no caller is signed out', async () => {
    fake.options.tokenDelayMs = 400;
    const manager = new CredentialManager({ store: files.store, env });
    const impatient = manager.getCredential('openai', { signal: AbortSignal.timeout(50) });
    const patient = manager.getCredential('openai');

    await assert.rejects(impatient, (error: Error) => error.name === 'TimeoutError');
    const credential = await patient;
    assert.equal(credential.secret, fake.issued.accessTokens.at(-1));
    assert.equal(fake.stats().refreshGrants, 1);

    // The rotated pair is on disk: a new process uses it without another refresh.
    const later = new CredentialManager({ store: new CredentialStore({ path: files.path }), env });
    assert.equal((await later.getCredential('openai')).secret, credential.secret);
    assert.equal(fake.stats().refreshGrants, 1);
    assert.ok(fake.isRefreshTokenValid(fake.issued.refreshTokens.at(-1) ?? ''));
  });

  it('refreshes once for two managers even when tokens live shorter than the margin', async () => {
    fake.options.expiresIn = 120;
    fake.options.tokenDelayMs = 200;
    const first = new CredentialManager({ store: new CredentialStore({ path: files.path }), env });
    const second = new CredentialManager({ store: new CredentialStore({ path: files.path }), env });

    const [a, b] = await Promise.all([
      first.getCredential('openai'),
      second.getCredential('openai'),
    ]);
    assert.equal(a.secret, b.secret);
    assert.equal(fake.stats().refreshGrants, 1);
  });
});
