import assert from 'node:assert/strict';
import {
  appendFile,
  chmod,
  mkdir,
  mkdtemp,
  readFile,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { PeekabooError } from '../../src/errors.js';
import { CredentialStore } from '../../src/store/credentials-store.js';
import { NEW_FILE_HEADER } from '../../src/store/format.js';
import { listDir, modeOf } from '../helpers/files.js';

function isCode(code: string) {
  return (error: unknown) => error instanceof PeekabooError && error.code === code;
}

describe('CredentialStore writes', () => {
  let root: string;
  let dir: string;
  let path: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'peekaboo-store-'));
    dir = join(root, '.peekaboo');
    path = join(dir, 'credentials');
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('creates the directory 0700 and the file 0600 with the header and the key', async () => {
    await new CredentialStore({ path }).write({ OPENAI_API_KEY: 'sk-one' });
    assert.equal(await readFile(path, 'utf8'), `${NEW_FILE_HEADER}OPENAI_API_KEY=sk-one\n`);
    assert.equal(await modeOf(path), 0o600);
    assert.equal(await modeOf(dir), 0o700);
    assert.deepEqual(await listDir(dir), ['credentials']);
  });

  it('writes mode 0600 and 0700 even under umask 000', async () => {
    const previous = process.umask(0);
    try {
      await new CredentialStore({ path }).write({ A: '1' });
      assert.equal(await modeOf(path), 0o600);
      assert.equal(await modeOf(dir), 0o700);
      await new CredentialStore({ path }).write({ A: '2' });
      assert.equal(await modeOf(path), 0o600);
    } finally {
      process.umask(previous);
    }
  });

  it('narrows a pre-existing 0644 file and 0755 directory on the next write', async () => {
    await mkdir(dir, { mode: 0o755 });
    await writeFile(path, '# mine\nA=1\n');
    await chmod(path, 0o644);
    await chmod(dir, 0o755);
    await new CredentialStore({ path }).write({ B: '2' });
    assert.equal(await readFile(path, 'utf8'), '# mine\nA=1\nB=2\n');
    assert.equal(await modeOf(path), 0o600);
    assert.equal(await modeOf(dir), 0o700);
  });

  it('re-reads the file under the lock, so a change made between two writes is kept', async () => {
    const store = new CredentialStore({ path });
    await store.write({ A: '1' });
    assert.equal(store.readSync().get('A'), '1');
    await appendFile(path, 'FROM_ELSEWHERE=x\n');
    await new CredentialStore({ path }).write({ C: '3' });
    await store.write({ B: '2' });
    assert.equal(
      await readFile(path, 'utf8'),
      `${NEW_FILE_HEADER}A=1\nFROM_ELSEWHERE=x\nC=3\nB=2\n`,
    );
  });

  it('keeps a CRLF file CRLF and its comments in place when it changes a key', async () => {
    await mkdir(dir, { mode: 0o700 });
    await writeFile(path, '# windows\r\nA=1\r\n# between\r\nB=2\r\n', { mode: 0o600 });
    const values = await new CredentialStore({ path }).write({ A: 'one', C: '3' });
    const expected = '# windows\r\nA=one\r\n# between\r\nB=2\r\nC=3\r\n';
    assert.equal(await readFile(path, 'utf8'), expected);
    assert.deepEqual(Object.fromEntries(values), { A: 'one', B: '2', C: '3' });
  });

  it('sees a change made by another writer on the next read', async () => {
    const store = new CredentialStore({ path });
    await store.write({ A: 'before' });
    assert.equal(store.readSync().get('A'), 'before');
    await new CredentialStore({ path }).write({ A: 'after-other-writer' });
    assert.equal(store.readSync().get('A'), 'after-other-writer');
  });

  it('keeps both of two writes started at the same time', async () => {
    const a = new CredentialStore({ path });
    const b = new CredentialStore({ path });
    await Promise.all([a.write({ A: '1' }), b.write({ B: '2' }), a.write({ C: '3' })]);
    assert.deepEqual(Object.fromEntries(a.readSync()), { A: '1', B: '2', C: '3' });
    assert.deepEqual(await listDir(dir), ['credentials']);
  });

  it('never lets a reader see a half-written file', async () => {
    const store = new CredentialStore({ path });
    await store.write({ KEEP: 'k', VALUE: 'v0' });
    const seen = new Set<string>();
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const text = await readFile(path, 'utf8');
        assert.ok(text.startsWith(NEW_FILE_HEADER) && text.includes('\nKEEP=k\n'), text);
        seen.add(/^VALUE=(.*)$/m.exec(text)?.[1] ?? 'missing');
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    for (let i = 1; i <= 30; i++) await store.write({ VALUE: `v${i}`.padEnd(i * 40, 'x') });
    writing = false;
    await reader;
    assert.ok(!seen.has('missing'));
    assert.ok(seen.size > 1, 'the reader ran between writes');
  });

  for (const [name, value] of [
    ['a newline', 'sk-a\nINJECTED=1'],
    ['a carriage return', 'sk-a\rINJECTED=1'],
    ['a NUL', 'sk-a\0x'],
  ]) {
    it(`refuses a value holding ${name} and writes nothing`, async () => {
      await assert.rejects(
        new CredentialStore({ path }).write({ OPENAI_API_KEY: value ?? '' }),
        isCode('ERR_INVALID_VALUE'),
      );
      assert.deepEqual(await listDir(root), []);
    });

    it(`leaves an existing file byte for byte when a value holds ${name}`, async () => {
      await mkdir(dir, { mode: 0o700 });
      await writeFile(path, '# keep\nA=1', { mode: 0o600 });
      const before = await stat(path);
      await assert.rejects(
        new CredentialStore({ path }).write({ A: '2', B: value ?? '' }),
        isCode('ERR_INVALID_VALUE'),
      );
      assert.equal(await readFile(path, 'utf8'), '# keep\nA=1');
      assert.equal((await stat(path)).ino, before.ino);
      assert.deepEqual(await listDir(dir), ['credentials']);
    });
  }

  it('refuses a key the file format cannot hold and writes nothing', async () => {
    for (const key of ['A=B', 'A\nB', 'WITH SPACE', '#COMMENT', '']) {
      await assert.rejects(
        new CredentialStore({ path }).write({ [key]: 'v' }),
        isCode('ERR_INVALID_VALUE'),
        JSON.stringify(key),
      );
    }
    assert.deepEqual(await listDir(root), []);
  });

  it('does not touch the file when an update decides to write nothing', async () => {
    const store = new CredentialStore({ path });
    await store.write({ A: '1' });
    const before = await stat(path);
    const same = await store.write({ A: '1' });
    const none = await store.update(() => undefined);
    assert.equal(same.get('A'), '1');
    assert.equal(none.changed, false);
    const after = await stat(path);
    assert.equal(after.ino, before.ino);
    assert.equal(after.mtimeMs, before.mtimeMs);
  });

  it('reads an absent file as empty and writes nothing when reading', async () => {
    const values = new CredentialStore({ path }).readSync();
    assert.equal(values.size, 0);
    assert.deepEqual(await listDir(root), []);
  });

  it('creates the file with the header, or narrows its mode, in ensureExists', async () => {
    const store = new CredentialStore({ path });
    await store.ensureExists();
    assert.equal(await readFile(path, 'utf8'), NEW_FILE_HEADER);
    assert.equal(await modeOf(path), 0o600);
    await writeFile(path, 'A=1\n');
    await chmod(path, 0o644);
    await store.ensureExists();
    assert.equal(await readFile(path, 'utf8'), 'A=1\n');
    assert.equal(await modeOf(path), 0o600);
  });

  it('refuses a directory at the credentials path in ensureExists, mode untouched', async () => {
    await mkdir(path, { recursive: true, mode: 0o755 });
    await chmod(path, 0o755);
    const store = new CredentialStore({ path });
    await assert.rejects(store.ensureExists(), isCode('ERR_CREDENTIALS_FILE'));
    assert.equal(await modeOf(path), 0o755);
    assert.deepEqual(await listDir(dir), ['credentials']);
  });

  it('reports a credentials path that is a directory, on read and on write', async () => {
    await mkdir(path, { recursive: true });
    const store = new CredentialStore({ path });
    assert.throws(() => store.readSync(), isCode('ERR_CREDENTIALS_FILE'));
    await assert.rejects(store.write({ A: '1' }), (error: unknown) => {
      assert.ok(isCode('ERR_CREDENTIALS_FILE')(error));
      assert.match((error as PeekabooError).message, /is a directory, not a file/);
      return true;
    });
  });
});
