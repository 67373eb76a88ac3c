import assert from 'node:assert/strict';
import { mkdir, readFile, unlink } from 'node:fs/promises';
import { describe, it, type TestContext } from 'node:test';
import { makeTempHome, type TempHome } from '../helpers/cli.js';
import { listDir, modeOf } from '../helpers/files.js';
import { fillDisk, mountSmallDisk, remountReadOnly, unmountSmallDisk } from './small-disk.js';

interface Case {
  name: string;
  /** Breaks the config directory, a 64 KB tmpfs that already holds the credentials. */
  fault(dir: string): Promise<void>;
  cause: string;
}

const CASES: Case[] = [
  {
    name: 'a full disk, where not even the lock can be written',
    fault: async (dir) => void (await fillDisk(dir)),
    cause: 'no space left on device (ENOSPC)',
  },
  {
    name: 'a disk with room for the lock but not for the new file',
    fault: async (dir) => {
      const fillers = await fillDisk(dir);
      // One free page: the lock's owner record fits, the temporary copy of the file does not.
      await unlink(fillers.at(-1) ?? '');
    },
    cause: 'no space left on device (ENOSPC)',
  },
  {
    name: 'a read-only directory',
    fault: async (dir) => remountReadOnly(dir),
    cause: 'read-only file system (EROFS)',
  },
];

const addKey = (home: TempHome, secret: string, extra: string[] = []) =>
  home.run(['config', 'add', 'openai', '-', '--no-validate', ...extra], { input: secret });

async function onSmallDisk(t: TestContext, test: (home: TempHome) => Promise<void>) {
  const home = await makeTempHome();
  try {
    await mkdir(home.configDir, { mode: 0o700 });
    const problem = mountSmallDisk(home.configDir, 64);
    if (problem) {
      t.skip(problem);
      return;
    }
    try {
      await test(home);
    } finally {
      unmountSmallDisk(home.configDir);
    }
  } finally {
    await home.cleanup();
  }
}

describe('a write that the file system refuses', { timeout: 20_000 }, () => {
  for (const { name, fault, cause } of CASES) {
    it(`fails with one clear line and keeps the old file on ${name}`, (t) =>
      onSmallDisk(t, async (home) => {
        const stored = await addKey(home, 'sk-old-key');
        assert.equal(stored.code, 0, stored.stderr);
        const before = await readFile(home.credentialsPath);
        await fault(home.configDir);
        const names = await listDir(home.configDir);

        const result = await addKey(home, 'sk-new-key');
        assert.equal(result.code, 1, result.stderr);
        assert.equal(result.stdout, '');
        const path = home.credentialsPath;
        const message = `error: cannot write the credentials file ${path}: ${cause} (next: `;
        assert.ok(result.stderr.startsWith(message), result.stderr);
        assert.equal(result.stderr.split('\n').length, 2, result.stderr);

        const json = await addKey(home, 'sk-new-key', ['--json']);
        assert.equal(json.code, 1, json.stderr);
        const document = JSON.parse(json.stdout) as { error: { code: string } };
        assert.equal(document.error.code, 'ERR_CREDENTIALS_FILE');

        assert.deepEqual(await readFile(home.credentialsPath), before);
        assert.equal(await modeOf(home.credentialsPath), 0o600);
        // No temporary file, lock or lock draft is left behind.
        assert.deepEqual(await listDir(home.configDir), names);
      }));
  }
});
