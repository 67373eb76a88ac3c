import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { CredentialStore } from '../../src/store/credentials-store.js';
import { makeTempHome, type TempHome } from '../helpers/cli.js';
import { listDir, modeOf } from '../helpers/files.js';
import { startStoreChild, stopStoreChildren } from './store-child.js';

const WRITERS = 64;
const SEED = '# seeded before the crowd\nUNRELATED_KEY=keep-me\n';

describe('64 processes writing at once', () => {
  let home: TempHome;
  before(async () => {
    home = await makeTempHome();
    await mkdir(home.configDir, { mode: 0o700 });
    await writeFile(home.credentialsPath, SEED, { mode: 0o600 });
  });
  after(async () => {
    await stopStoreChildren();
    await home.cleanup();
  });

  it('keeps every key, mode 0600, and leaves no temporary file', { timeout: 60_000 }, async () => {
    const keys = Array.from({ length: WRITERS }, (_, i) => `WRITER_${i}_KEY`);
    const children = keys.map((key) =>
      startStoreChild(['set', '--path', home.credentialsPath, '--key', key,
        '--value', `value-of-${key}`, '--wait-for-go']),
    );
    // Every process has started and loaded the library before any of them writes.
    await Promise.all(children.map((child) => child.waitForLine('ready', 30_000)));
    for (const child of children) child.process.stdin?.write('go\n');
    const exits = await Promise.all(children.map((child) => child.exited));
    exits.forEach((exit, i) => assert.equal(exit.code, 0, `writer ${i}: ${exit.stderr}`));

    const values = new CredentialStore({ path: home.credentialsPath }).readSync();
    const missing = keys.filter((key) => values.get(key) !== `value-of-${key}`);
    assert.deepEqual(missing, []);
    const text = await readFile(home.credentialsPath, 'utf8');
    assert.ok(text.startsWith(SEED), text.slice(0, 200));
    assert.equal(values.size, WRITERS + 1);
    assert.equal(await modeOf(home.credentialsPath), 0o600);
    assert.equal(await modeOf(home.configDir), 0o700);
    assert.deepEqual(await listDir(home.configDir), ['credentials']);
  });
});
