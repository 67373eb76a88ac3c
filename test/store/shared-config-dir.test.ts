import assert from 'node:assert/strict';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeTempHome } from '../helpers/cli.js';

const modeOf = async (path: string) => (await stat(path)).mode & 0o7777;

describe('a config directory shared with others', () => {
  it('keeps the mode of a sticky directory such as /tmp, still writing the file 0600', async () => {
    const home = await makeTempHome();
    try {
      const shared = join(home.home, 'shared-tmp');
      await mkdir(shared);
      await chmod(shared, 0o1777);
      const result = await home.run(['config', 'add', 'grok', '-', '--no-validate'], {
        input: 'xai-marker-key\n',
        env: { PEEKABOO_CONFIG_DIR: shared },
      });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(await modeOf(shared), 0o1777);
      assert.equal(await modeOf(join(shared, 'credentials')), 0o600);
    } finally {
      await home.cleanup();
    }
  });

  it('leaves the home directory mode alone when it is the config directory', async () => {
    const home = await makeTempHome();
    try {
      await chmod(home.home, 0o755);
      const result = await home.run(['config', 'add', 'grok', '-', '--no-validate'], {
        input: 'xai-marker-key\n',
        env: { PEEKABOO_CONFIG_DIR: '~/' },
      });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(await modeOf(home.home), 0o755);
      assert.equal(await modeOf(join(home.home, 'credentials')), 0o600);
    } finally {
      await home.cleanup();
    }
  });

  it('narrows its own config directory to 0700 on every write', async () => {
    const home = await makeTempHome();
    try {
      await mkdir(home.configDir, { mode: 0o755 });
      await chmod(home.configDir, 0o755);
      const result = await home.run(['config', 'add', 'grok', '-', '--no-validate'], {
        input: 'xai-marker-key\n',
      });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(await modeOf(home.configDir), 0o700);
    } finally {
      await home.cleanup();
    }
  });
});
