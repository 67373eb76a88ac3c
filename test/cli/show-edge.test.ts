import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { makeTempHome, type TempHome } from '../helpers/cli.js';
import { nowSeconds, seedCredentials } from '../helpers/oauth-cli.js';
import {
  providerBaseUrls,
  startFakeProvider,
  type FakeProviderServer,
} from '../fakes/provider-server.js';

let api: FakeProviderServer;
let home: TempHome;

beforeEach(async () => {
  api = await startFakeProvider();
  home = await makeTempHome();
});

afterEach(async () => {
  assert.deepEqual(api.unexpected, []);
  await api.close();
  await home.cleanup();
});

describe('config show, less common answers', () => {
  for (const status of [401, 403]) {
    it(`counts a ChatGPT token refused only for missing scopes (${status}) as ready`, async () => {
      api.route('GET', '/openai/models', () => ({
        status,
        body: { error: { message: 'Missing scopes: api.model.read' } },
      }));
      await seedCredentials(
        home,
        'OPENAI_ACCESS_TOKEN=chatgpt-access-token-0123456789\n' +
          'OPENAI_REFRESH_TOKEN=chatgpt-refresh-token-0123456789\n' +
          `OPENAI_ACCESS_EXPIRES=${nowSeconds() + 3600}\n`,
      );
      const result = await home.run(['config', 'show'], { env: providerBaseUrls(api) });
      assert.equal(result.code, 0, result.stderr);
      const line = result.stderr.split('\n')[0] ?? '';
      assert.match(line, /^OpenAI: ready \(validated\) · OAuth token from file OPENAI_ACCESS_/);
      assert.match(line, /; expires in \d+ minutes?; token accepted; it has no scope for this/);
    });
  }

  it('warns when the config directory cannot be reached instead of showing nothing', async () => {
    const notADirectory = join(home.home, 'plain-file');
    await writeFile(notADirectory, 'x');
    const result = await home.run(['config', 'show', '--json'], {
      env: { PEEKABOO_CONFIG_DIR: notADirectory },
    });
    const document = JSON.parse(result.stdout) as { warnings: string[] };
    assert.deepEqual(document.warnings, [
      `${join(notADirectory, 'credentials')} cannot be reached (ENOTDIR)`,
    ]);
  });
});
