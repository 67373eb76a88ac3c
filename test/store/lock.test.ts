import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { PeekabooError } from '../../src/errors.js';
import { CredentialStore } from '../../src/store/credentials-store.js';
import { withFileLock } from '../../src/store/lock.js';
import { makeTempHome, type TempHome } from '../helpers/cli.js';
import { listDir } from '../helpers/files.js';

/** The pid of a process that has exited, so no process with it is alive. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await once(child, 'exit');
  assert.ok(child.pid);
  return child.pid;
}

async function waitFor(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await sleep(20);
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('cross-process lock', () => {
  let home: TempHome;
  let lockPath: string;

  beforeEach(async () => {
    home = await makeTempHome();
    lockPath = `${home.credentialsPath}.lock`;
    await mkdir(home.configDir, { mode: 0o700 });
  });
  afterEach(() => home.cleanup());

  const addKey = (secret: string) =>
    home.run(['config', 'add', 'openai', '-', '--no-validate'], {
      input: secret,
      timeoutMs: 15_000,
    });

  it('takes over a lock whose owner process no longer exists', async () => {
    const pid = await deadPid();
    const owner = { pid, host: hostname(), nonce: 'owner-that-was-killed' };
    await writeFile(lockPath, JSON.stringify(owner), { mode: 0o600 });
    const result = await addKey('sk-after-stale-lock');
    assert.equal(result.code, 0, result.stderr);
    const text = await readFile(home.credentialsPath, 'utf8');
    assert.match(text, /^OPENAI_API_KEY=sk-after-stale-lock$/m);
    assert.deepEqual(await listDir(home.configDir), ['credentials']);
  });

  it('takes over a lock file without a readable owner once it is old', async () => {
    await writeFile(lockPath, '', { mode: 0o600 });
    const longAgo = new Date(Date.now() - 60_000);
    await utimes(lockPath, longAgo, longAgo);
    const result = await addKey('sk-after-orphan-lock');
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await listDir(home.configDir), ['credentials']);
  });

  it('waits for a live holder in another process and then writes', async () => {
    await writeFile(home.credentialsPath, '# held\n', { mode: 0o600 });
    let cli: ReturnType<typeof addKey> | undefined;
    await withFileLock(home.credentialsPath, async () => {
      cli = addKey('sk-written-after-wait');
      // The waiting CLI has written its owner draft (credentials.lock.<pid>.<nonce>) and
      // keeps trying to link it into place.
      await waitFor('the CLI to try the lock', async () => {
        const names = await listDir(home.configDir);
        const ours = `.${process.pid}.`;
        return names.some((n) => /^credentials\.lock\.\d+\./.test(n) && !n.includes(ours));
      });
      await sleep(200);
      assert.equal(await readFile(home.credentialsPath, 'utf8'), '# held\n');
    });
    const result = await cli;
    assert.equal(result?.code, 0, result?.stderr);
    const text = await readFile(home.credentialsPath, 'utf8');
    assert.equal(text, '# held\nOPENAI_API_KEY=sk-written-after-wait\n');
    assert.deepEqual(await listDir(home.configDir), ['credentials']);
  });

  it('never breaks a lock held on another host, and names its holder on timeout', async () => {
    const owner = { pid: await deadPid(), host: 'another-host.example', nonce: 'remote' };
    await writeFile(lockPath, JSON.stringify(owner), { mode: 0o600 });
    const store = new CredentialStore({ path: home.credentialsPath, lockTimeoutMs: 300 });
    await assert.rejects(store.write({ A: '1' }), (error: unknown) => {
      assert.ok(error instanceof PeekabooError);
      assert.equal(error.code, 'ERR_LOCK_TIMEOUT');
      assert.match(error.message, new RegExp(`locked by process ${owner.pid}`));
      assert.match(error.hint ?? '', /remove .*credentials\.lock/);
      return true;
    });
    assert.equal(await readFile(lockPath, 'utf8'), JSON.stringify(owner));
    assert.deepEqual(await listDir(home.configDir), ['credentials.lock']);
  });

  it('sweeps temporary files and lock drafts that a killed writer left behind', async () => {
    const pid = await deadPid();
    const leftovers = [`.credentials.tmp-${pid}-0a1b2c`, `credentials.lock.${pid}.0a1b2c`];
    for (const name of leftovers) await writeFile(join(home.configDir, name), 'OPENAI_API_KEY=x');
    const result = await addKey('sk-after-sweep');
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await listDir(home.configDir), ['credentials']);
  });

  it('keeps every key when several processes write at the same time', async () => {
    const providers = ['openai', 'anthropic', 'grok', 'gemini'];
    const results = await Promise.all(
      providers.map((p) =>
        home.run(['config', 'add', p, '-', '--no-validate'], { input: `key-for-${p}` }),
      ),
    );
    for (const result of results) assert.equal(result.code, 0, result.stderr);
    const values = new CredentialStore({ path: home.credentialsPath }).readSync();
    assert.deepEqual(
      ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'X_AI_API_KEY', 'GEMINI_API_KEY'].map((k) =>
        values.get(k),
      ),
      providers.map((p) => `key-for-${p}`),
    );
    assert.deepEqual(await listDir(home.configDir), ['credentials']);
  });
});
