import assert from 'node:assert/strict';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { NEW_FILE_HEADER } from '../../src/store/format.js';
import { makeTempHome, type TempHome } from '../helpers/cli.js';
import { listDir, modeOf } from '../helpers/files.js';

/** Writes an executable shell script that stands in for the user's editor. */
async function fakeEditor(home: TempHome, name: string, body: string): Promise<string> {
  const path = join(home.home, name);
  await writeFile(path, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return path;
}

describe('config edit', () => {
  let home: TempHome;
  let seen: string;
  let appender: string;

  beforeEach(async () => {
    home = await makeTempHome();
    seen = join(home.home, 'editor-saw');
    // Records the mode and content it was handed, then appends one line.
    appender = await fakeEditor(
      home,
      'append-editor',
      `stat -c %a "$1" > '${seen}'\ncat "$1" >> '${seen}'\nprintf 'ADDED_BY_EDITOR=1\\n' >> "$1"`,
    );
  });
  afterEach(() => home.cleanup());

  it('creates the file 0600 with the header, opens it, and says it saved', async () => {
    const result = await home.run(['config', 'edit'], { env: { EDITOR: appender } });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, `[ok] Saved ${home.credentialsPath}\n`);
    assert.equal(result.stdout, '');
    assert.equal(await readFile(seen, 'utf8'), `600\n${NEW_FILE_HEADER}`);
    const text = await readFile(home.credentialsPath, 'utf8');
    assert.equal(text, `${NEW_FILE_HEADER}ADDED_BY_EDITOR=1\n`);
    assert.equal(await modeOf(home.credentialsPath), 0o600);
    assert.equal(await modeOf(home.configDir), 0o700);
    assert.deepEqual(await listDir(home.configDir), ['credentials']);
  });

  it('narrows a loose mode before the editor opens an existing file', async () => {
    await mkdir(home.configDir, { mode: 0o755 });
    await writeFile(home.credentialsPath, 'KEEP=1\n');
    await chmod(home.credentialsPath, 0o644);
    const result = await home.run(['config', 'edit'], { env: { EDITOR: appender } });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(await readFile(seen, 'utf8'), '600\nKEEP=1\n');
    assert.equal(await readFile(home.credentialsPath, 'utf8'), 'KEEP=1\nADDED_BY_EDITOR=1\n');
    assert.equal(await modeOf(home.configDir), 0o700);
  });

  it('applies 0600 again when the editor leaves the file 0644', async () => {
    const loosener = await fakeEditor(home, 'chmod-editor', 'echo "A=1" >> "$1"\nchmod 644 "$1"');
    const result = await home.run(['config', 'edit'], { env: { EDITOR: loosener } });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(await modeOf(home.credentialsPath), 0o600);
  });

  it('applies 0600 again when the editor saves by renaming a new 0644 file', async () => {
    const renamer = await fakeEditor(
      home,
      'rename-editor',
      'cp "$1" "$1.new"\necho "B=2" >> "$1.new"\nchmod 644 "$1.new"\nmv "$1.new" "$1"',
    );
    const result = await home.run(['config', 'edit'], { env: { EDITOR: renamer } });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(await readFile(home.credentialsPath, 'utf8'), `${NEW_FILE_HEADER}B=2\n`);
    assert.equal(await modeOf(home.credentialsPath), 0o600);
  });

  it('prefers $VISUAL over $EDITOR and passes flags written in it', async () => {
    const flagged = await fakeEditor(home, 'flag-editor', 'echo "FLAG=$1" >> "$2"');
    const result = await home.run(['config', 'edit'], {
      env: { VISUAL: `${flagged} --wait`, EDITOR: appender },
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(await readFile(home.credentialsPath, 'utf8'), `${NEW_FILE_HEADER}FLAG=--wait\n`);
  });

  it('reports each line it cannot read after editing, and still succeeds', async () => {
    const script = 'printf "A=1\\noops no equals\\n" >> "$1"';
    const sloppy = await fakeEditor(home, 'sloppy-editor', script);
    const result = await home.run(['config', 'edit'], { env: { EDITOR: sloppy } });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stderr,
      `[warn] ${home.credentialsPath}:5: no "=" in the line; it is ignored\n` +
        `[ok] Saved ${home.credentialsPath}\n`,
    );
  });

  it('fails with the editor status when the editor fails, keeping the file private', async () => {
    const failing = await fakeEditor(home, 'failing-editor', 'exit 3');
    const result = await home.run(['config', 'edit'], { env: { EDITOR: failing } });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^error: the editor '.*failing-editor' exited with status 3/);
    assert.equal(await modeOf(home.credentialsPath), 0o600);
  });

  it('refuses a credentials path that is a directory, leaving it and its mode alone', async () => {
    await mkdir(join(home.credentialsPath, 'inside'), { recursive: true });
    await chmod(home.credentialsPath, 0o755);
    const result = await home.run(['config', 'edit'], { env: { EDITOR: appender } });
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      `error: the credentials file ${home.credentialsPath} is a directory, not a file ` +
        `(next: move ${home.credentialsPath} away, then run 'peekaboo config edit')\n`,
    );
    assert.equal(await modeOf(home.credentialsPath), 0o755);
    assert.deepEqual(await listDir(home.credentialsPath), ['inside']);
    assert.deepEqual(await listDir(home.home), ['.peekaboo', 'append-editor'], 'editor not run');
  });

  it('reports an editor that deletes the file as an error, without a stack trace', async () => {
    const remover = await fakeEditor(home, 'rm-editor', 'rm -f "$1"');
    const result = await home.run(['config', 'edit'], { env: { EDITOR: remover } });
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      `error: the editor removed ${home.credentialsPath} ` +
        "(next: run 'peekaboo config edit' to create it again)\n",
    );
  });

  it('prints the path alone with --print-path and creates nothing', async () => {
    const result = await home.run(['config', 'edit', '--print-path'], {
      env: { EDITOR: appender },
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `${home.credentialsPath}\n`);
    assert.equal(result.stderr, '');
    assert.deepEqual(await listDir(home.home), ['append-editor']);
  });

  it('prints one JSON document with --json, the editor drawing on stderr', async () => {
    const script = 'echo "editor screen"\necho "C=3" >> "$1"';
    const chatty = await fakeEditor(home, 'chatty-editor', script);
    const result = await home.run(['config', 'edit', '--json'], { env: { EDITOR: chatty } });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), {
      credentialsPath: home.credentialsPath,
      warnings: [],
    });
    assert.match(result.stderr, /^editor screen$/m);

    const path = await home.run(['config', 'edit', '--print-path', '--json']);
    assert.deepEqual(JSON.parse(path.stdout), { credentialsPath: home.credentialsPath });
  });
});
