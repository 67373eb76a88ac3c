import assert from 'node:assert/strict';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { assertNoSecretPrinted, makeTempHome, type TempHome } from '../helpers/cli.js';
import { listDir, modeOf } from '../helpers/files.js';

const FILE =
  '# my credentials\n' +
  'OPENAI_ACCESS_TOKEN=oauth-access-marker\n' +
  'OPENAI_REFRESH_TOKEN=oauth-refresh-marker\n' +
  'OPENAI_ACCESS_EXPIRES=1900000000\n' +
  'OPENAI_API_KEY=sk-openai-marker\n' +
  'X_AI_API_KEY=xai-one-marker\n' +
  '# grok keys under the other names\n' +
  'XAI_API_KEY=xai-two-marker\n' +
  'not a key line\n' +
  'GROK_API_KEY=xai-three-marker\n' +
  'GEMINI_API_KEY=gem-marker\n' +
  'GOOGLE_API_KEY=google-marker\n' +
  'SOMETHING_ELSE=keep';

const SECRETS = FILE.split('\n')
  .map((line) => line.split('=')[1] ?? '')
  .filter((value) => value.endsWith('-marker'));

describe('config remove', () => {
  let home: TempHome;
  beforeEach(async () => {
    home = await makeTempHome();
    await mkdir(home.configDir, { mode: 0o700 });
    await writeFile(home.credentialsPath, FILE, { mode: 0o600 });
  });
  afterEach(() => home.cleanup());

  const without = (...keys: string[]) =>
    FILE.split('\n')
      .filter((line) => !keys.includes(line.split('=')[0] ?? ''))
      .join('\n');

  it('removes every name a provider reads its API key from, and nothing else', async () => {
    const result = await home.run(['config', 'remove', 'grok']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '');
    assert.equal(
      result.stderr,
      `[ok] Removed X_AI_API_KEY, XAI_API_KEY, GROK_API_KEY from ${home.credentialsPath}\n`,
    );
    const text = await readFile(home.credentialsPath, 'utf8');
    assert.equal(text, without('X_AI_API_KEY', 'XAI_API_KEY', 'GROK_API_KEY'));
    assert.equal(await modeOf(home.credentialsPath), 0o600);
    assert.deepEqual(await listDir(home.configDir), ['credentials']);
    assertNoSecretPrinted(result, SECRETS);
  });

  it('removes the Gemini key under both names, by alias', async () => {
    const result = await home.run(['config', 'remove', 'Google']);
    assert.equal(result.code, 0, result.stderr);
    const text = await readFile(home.credentialsPath, 'utf8');
    assert.equal(text, without('GEMINI_API_KEY', 'GOOGLE_API_KEY'));
  });

  it('leaves OAuth tokens in place when it removes an API key', async () => {
    const result = await home.run(['config', 'remove', 'openai']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, `[ok] Removed OPENAI_API_KEY from ${home.credentialsPath}\n`);
    const text = await readFile(home.credentialsPath, 'utf8');
    assert.equal(text, without('OPENAI_API_KEY'));
    assert.match(text, /^OPENAI_ACCESS_TOKEN=oauth-access-marker$/m);
    assert.match(text, /^OPENAI_REFRESH_TOKEN=oauth-refresh-marker$/m);
  });

  it('narrows a loose mode when it rewrites the file', async () => {
    await chmod(home.credentialsPath, 0o644);
    const result = await home.run(['config', 'remove', 'gemini'], { umask: 0 });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(await modeOf(home.credentialsPath), 0o600);
  });

  it('exits 0 and leaves the file alone when there is nothing to remove', async () => {
    const first = await home.run(['config', 'remove', 'anthropic']);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(
      first.stderr,
      `Nothing to remove: no Anthropic API key in ${home.credentialsPath}\n`,
    );
    await home.run(['config', 'remove', 'grok']);
    const before = await stat(home.credentialsPath);
    const again = await home.run(['config', 'remove', 'grok']);
    assert.equal(again.code, 0, again.stderr);
    const after = await stat(home.credentialsPath);
    assert.equal(after.ino, before.ino);
    assert.equal(after.mtimeMs, before.mtimeMs);
  });

  it('exits 0 without creating a file when there is no credentials file', async () => {
    const empty = await makeTempHome();
    try {
      const result = await empty.run(['config', 'remove', 'openai']);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(
        result.stderr,
        `Nothing to remove: no OpenAI API key in ${empty.credentialsPath}\n`,
      );
      assert.deepEqual(await listDir(empty.configDir), []);
    } finally {
      await empty.cleanup();
    }
  });

  it('prints what it removed as one JSON document with --json', async () => {
    const result = await home.run(['config', 'remove', 'xai', '--json']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), {
      provider: 'grok',
      removed: ['X_AI_API_KEY', 'XAI_API_KEY', 'GROK_API_KEY'],
      credentialsPath: home.credentialsPath,
    });
    const none = await home.run(['config', 'remove', 'xai', '--json']);
    assert.deepEqual(JSON.parse(none.stdout).removed, []);
  });

  it('notes a key still set in the environment, which it cannot remove', async () => {
    const result = await home.run(['config', 'remove', 'grok'], {
      env: { GROK_API_KEY: 'env-grok-marker' },
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stderr,
      /^note: GROK_API_KEY is still set in the environment; unset it with: unset GROK_API_KEY$/m,
    );
    assertNoSecretPrinted(result, ['env-grok-marker', ...SECRETS]);
  });

  it('refuses an unknown provider with exit 2 and leaves the file byte for byte', async () => {
    const result = await home.run(['config', 'remove', 'mistral']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^error: unknown provider 'mistral'; supported: /);
    assert.equal(await readFile(home.credentialsPath, 'utf8'), FILE);
  });
});
