import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { makeTempHome } from '../helpers/cli.js';
import {
  providerBaseUrls,
  routeValidation,
  startFakeProvider,
  type FakeProviderServer,
} from '../fakes/provider-server.js';

const VALID = 'sk-valid-key-0123456789';

describe('config add', () => {
  let server: FakeProviderServer;
  before(async () => {
    server = await startFakeProvider();
    routeValidation(server, VALID);
  });
  after(async () => {
    assert.deepEqual(server.unexpected, []);
    await server.close();
  });

  it('stores a key from stdin and validates it with the provider', async () => {
    const home = await makeTempHome();
    try {
      const result = await home.run(['config', 'add', 'openai'], {
        input: `${VALID}\n`,
        env: providerBaseUrls(server),
      });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, '');
      assert.equal(result.stderr, '[ok] Stored and validated OpenAI credential\n');
      const text = await readFile(home.credentialsPath, 'utf8');
      assert.match(text, new RegExp(`^OPENAI_API_KEY=${VALID}$`, 'm'));
      assert.equal((await stat(home.credentialsPath)).mode & 0o777, 0o600);
      assert.equal((await stat(home.configDir)).mode & 0o777, 0o700);
    } finally {
      await home.cleanup();
    }
  });
});
