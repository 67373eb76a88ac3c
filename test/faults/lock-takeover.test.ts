import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { CredentialStore } from '../../src/store/credentials-store.js';
import { makeTempHome, type TempHome } from '../helpers/cli.js';
import { listDir } from '../helpers/files.js';
import { startStoreChild, stopStoreChildren, type StoreChild } from './store-child.js';

/** Generous: a takeover needs one process start and a few file operations. */
const TAKEOVER_BOUND_MS = 5_000;

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await once(child, 'exit');
  assert.ok(child.pid);
  return child.pid;
}

async function succeeds(child: StoreChild): Promise<void> {
  const exit = await child.exited;
  assert.equal(exit.code, 0, exit.stderr);
}

// A hang (a writer waiting on a leftover forever) fails the test instead of the run.
describe('lock takeover across processes', { timeout: 20_000 }, () => {
  let home: TempHome;
  let path: string;
  let events: string;

  beforeEach(async () => {
    home = await makeTempHome();
    path = home.credentialsPath;
    events = join(home.home, 'events');
    await mkdir(home.configDir, { mode: 0o700 });
    await writeFile(path, '# seeded\nSEED_KEY=seed\n', { mode: 0o600 });
  });
  afterEach(async () => {
    await stopStoreChildren();
    await home.cleanup();
  });

  const setKey = (name: string, key: string, extra: string[] = []) =>
    startStoreChild(['set', '--path', path, '--name', name, '--events', events,
      '--key', key, '--value', `${name}-value`, ...extra]);

  it('takes over within seconds a lock whose holder was killed', async () => {
    const holder = setKey('holder', 'HOLDER_KEY', ['--hold-ms', '60000']);
    await holder.waitForLine('locked');
    const owner = JSON.parse(await readFile(`${path}.lock`, 'utf8')) as { pid: number };
    assert.equal(owner.pid, holder.process.pid);
    holder.process.kill('SIGKILL');
    assert.equal((await holder.exited).signal, 'SIGKILL');

    const started = Date.now();
    const writer = setKey('writer', 'WRITER_KEY');
    await succeeds(writer);
    const elapsed = Date.now() - started;
    assert.ok(elapsed < TAKEOVER_BOUND_MS, `the takeover took ${elapsed} ms`);
    const text = await readFile(path, 'utf8');
    assert.equal(text, '# seeded\nSEED_KEY=seed\nWRITER_KEY=writer-value\n');
    assert.deepEqual(await listDir(home.configDir), ['credentials']);
  });

  it('never robs a live holder: a writer started meanwhile waits and keeps its write', async () => {
    const holder = setKey('holder', 'HOLDER_KEY', ['--hold-ms', '1500']);
    await holder.waitForLine('locked');
    const waiter = setKey('waiter', 'WAITER_KEY');
    await waiter.waitForLine('started');
    await Promise.all([succeeds(holder), succeeds(waiter)]);

    const log = (await readFile(events, 'utf8')).trim().split('\n');
    assert.deepEqual(log.filter((line) => !line.endsWith(' done')), [
      'holder started',
      'holder locked, saw SEED_KEY',
      'waiter started',
      'holder writing',
      // The waiter read the file only after the holder had written it.
      'waiter locked, saw HOLDER_KEY,SEED_KEY',
      'waiter writing',
    ]);
    const text = await readFile(path, 'utf8');
    assert.equal(
      text,
      '# seeded\nSEED_KEY=seed\nHOLDER_KEY=holder-value\nWAITER_KEY=waiter-value\n',
    );
    assert.deepEqual(await listDir(home.configDir), ['credentials']);
  });

  it('is not held up by the breaker file of a process killed while breaking a lock', async () => {
    const pid = await deadPid();
    const lock = { pid, host: hostname(), nonce: 'killed-holder' };
    const breaker = { pid, host: hostname(), nonce: 'killed-breaker' };
    await writeFile(`${path}.lock`, JSON.stringify(lock), { mode: 0o600 });
    await writeFile(`${path}.lock.break`, JSON.stringify(breaker), { mode: 0o600 });
    // An mtime far in the future takes the breaker's age out of play: only its dead maker
    // can explain a takeover.
    const later = new Date(Date.now() + 3_600_000);
    await utimes(`${path}.lock.break`, later, later);

    const store = new CredentialStore({ path, lockTimeoutMs: TAKEOVER_BOUND_MS });
    await store.write({ AFTER_KEY: 'after' });
    assert.equal(store.readSync().get('AFTER_KEY'), 'after');
    assert.deepEqual(await listDir(home.configDir), ['credentials']);
  });

  it('sweeps a breaker file left by a killed process even when the lock is free', async () => {
    const breaker = { pid: await deadPid(), host: hostname(), nonce: 'killed-breaker' };
    await writeFile(`${path}.lock.break`, JSON.stringify(breaker), { mode: 0o600 });
    const result = await home.run(['config', 'add', 'openai', '-', '--no-validate'], {
      input: 'sk-after-breaker',
    });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await listDir(home.configDir), ['credentials']);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
  });
});
