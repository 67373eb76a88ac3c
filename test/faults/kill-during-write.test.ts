import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeTempHome, type TempHome } from '../helpers/cli.js';
import { listDir, modeOf } from '../helpers/files.js';
import { renderGeneration } from './children/generation.mjs';
import { startStoreChild, stopStoreChildren } from './store-child.js';

const MIN_KILLS = 60;
const MIN_WRITES = 500;
/** Bound on a fresh process's first write after a kill: leftovers must not hold it up. */
const FIRST_WRITE_BOUND_MS = 3_000;
/** A hang (a writer waiting on a leftover forever) fails the test instead of the run. */
const TIMEOUT = { timeout: 90_000 };

interface Round {
  /** The generation on disk after the round. */
  generation: number;
  /** Writes that completed in the round (reported, plus one renamed before its report). */
  writes: number;
}

/**
 * One writer process, killed with SIGKILL at a random moment: mostly during its steady run
 * of writes, sometimes during its first write (when it breaks the lock its predecessor
 * left and sweeps that one's temporary files).
 */
async function killOneWriter(path: string, generation: number, dir: string): Promise<Round> {
  const child = startStoreChild(['generations', '--path', path, '--from', `${generation + 1}`]);
  // Timed from here on: starting Node itself can be slow on a busy machine.
  await child.waitForLine('ready');
  if (Math.random() < 0.25) {
    await sleep(Math.random() * 8);
  } else {
    await child.waitForLine('done', FIRST_WRITE_BOUND_MS).catch(async (error: Error) => {
      child.process.kill('SIGKILL');
      throw new Error(`${error.message}; left in ${dir}: ${(await listDir(dir)).join(' ')}`);
    });
    await sleep(Math.random() * 50);
  }
  child.process.kill('SIGKILL');
  const exit = await child.exited;
  assert.equal(exit.signal, 'SIGKILL', `the writer ended on its own:\n${exit.stderr}`);

  const reported = child.lines.filter((line) => line.startsWith('done ')).length;
  const last = generation + reported;
  const text = await readFile(path, 'utf8');
  // The kill may land after the rename but before the report: the next generation is whole.
  const found = [last, last + 1].find((n) => text === renderGeneration(n));
  assert.ok(
    found !== undefined,
    `after ${reported} writes the file is neither generation ${last} nor ${last + 1}:\n` +
      text.slice(0, 400),
  );
  assert.equal(await modeOf(path), 0o600);
  return { generation: found, writes: found - generation };
}

describe('a writer killed with SIGKILL', () => {
  let home: TempHome;
  before(async () => {
    home = await makeTempHome();
    await mkdir(home.configDir, { mode: 0o700 });
    await writeFile(home.credentialsPath, renderGeneration(0), { mode: 0o600 });
  });
  after(async () => {
    await stopStoreChildren();
    await home.cleanup();
  });

  it('leaves the whole old or whole new file, mode 0600, across 500 writes', TIMEOUT, async (t) => {
    let generation = 0;
    let writes = 0;
    let kills = 0;
    while (kills < MIN_KILLS || writes < MIN_WRITES) {
      assert.ok(kills < 400, `only ${writes} writes completed in ${kills} rounds`);
      const round = await killOneWriter(home.credentialsPath, generation, home.configDir);
      generation = round.generation;
      writes += round.writes;
      kills += 1;
    }
    assert.ok(writes >= MIN_WRITES && kills >= MIN_KILLS);
    t.diagnostic(`${writes} writes completed, ${kills} writers killed`);
    assert.equal(await readFile(home.credentialsPath, 'utf8'), renderGeneration(generation));
  });

  it('never holds up the next command, which sweeps what the killed writers left', async () => {
    const previous = await readFile(home.credentialsPath, 'utf8');
    const result = await home.run(['config', 'add', 'openai', '-', '--no-validate'], {
      input: 'sk-after-the-kills',
      timeoutMs: 15_000,
    });
    assert.equal(result.code, 0, result.stderr);
    const text = await readFile(home.credentialsPath, 'utf8');
    assert.equal(text, `${previous}OPENAI_API_KEY=sk-after-the-kills\n`);
    assert.equal(await modeOf(home.credentialsPath), 0o600);
    assert.equal(await modeOf(home.configDir), 0o700);
    assert.deepEqual(await listDir(home.configDir), ['credentials']);
  });
});
