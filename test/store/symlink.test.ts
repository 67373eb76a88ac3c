import assert from 'node:assert/strict';
import { chmod, lstat, mkdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { makeTempHome, type TempHome } from '../helpers/cli.js';
import { listDir, modeOf } from '../helpers/files.js';

// Decided behaviour: a credentials path that is a symbolic link (a dotfile manager's) is
// followed. The file it points to is replaced; the link stays a link.
describe('credentials path that is a symbolic link', () => {
  let home: TempHome;
  let dotfiles: string;
  let target: string;

  beforeEach(async () => {
    home = await makeTempHome();
    dotfiles = join(home.home, 'dotfiles', 'peekaboo');
    target = join(dotfiles, 'credentials');
    await mkdir(dotfiles, { recursive: true });
    await mkdir(home.configDir, { mode: 0o700 });
    await symlink(target, home.credentialsPath);
  });
  afterEach(() => home.cleanup());

  const addKey = (secret: string) =>
    home.run(['config', 'add', 'anthropic', '-', '--no-validate'], { input: secret });

  it('replaces the content of the file the link points to and keeps the link', async () => {
    await writeFile(target, '# managed by my dotfiles\nOTHER=1\n');
    await chmod(target, 0o644);
    const result = await addKey('sk-ant-through-link');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      await readFile(target, 'utf8'),
      '# managed by my dotfiles\nOTHER=1\nANTHROPIC_API_KEY=sk-ant-through-link\n',
    );
    assert.ok((await lstat(home.credentialsPath)).isSymbolicLink());
    assert.equal(await readlink(home.credentialsPath), target);
    assert.equal(await modeOf(target), 0o600);
    assert.deepEqual(await listDir(dotfiles), ['credentials']);
    assert.deepEqual(await listDir(home.configDir), ['credentials']);
  });

  it('removes a temporary copy a killed write left beside the target', async () => {
    await writeFile(target, 'OTHER=1\n');
    // pid 2^22+1 is above Linux's pid_max, so no live process owns this file.
    const leftover = join(dotfiles, '.credentials.tmp-4194305-0123abcd');
    await writeFile(leftover, 'ANTHROPIC_API_KEY=sk-ant-half-written\n');
    const result = await addKey('sk-ant-after-crash');
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await listDir(dotfiles), ['credentials']);
  });

  it('creates the target of a dangling link, mode 0600', async () => {
    const result = await addKey('sk-ant-dangling');
    assert.equal(result.code, 0, result.stderr);
    assert.ok((await lstat(home.credentialsPath)).isSymbolicLink());
    assert.match(await readFile(target, 'utf8'), /^ANTHROPIC_API_KEY=sk-ant-dangling$/m);
    assert.equal(await modeOf(target), 0o600);
  });

  it('follows a relative link the same way', async () => {
    const relativeHome = await makeTempHome();
    try {
      await mkdir(join(relativeHome.home, 'store'), { recursive: true });
      await mkdir(relativeHome.configDir, { mode: 0o700 });
      await symlink('../store/creds', relativeHome.credentialsPath);
      const args = ['config', 'add', 'grok', 'xai-relative', '--no-validate'];
      const result = await relativeHome.run(args);
      assert.equal(result.code, 0, result.stderr);
      const written = await readFile(join(relativeHome.home, 'store', 'creds'), 'utf8');
      assert.match(written, /^X_AI_API_KEY=xai-relative$/m);
      assert.ok((await lstat(relativeHome.credentialsPath)).isSymbolicLink());
    } finally {
      await relativeHome.cleanup();
    }
  });

  it('reads and removes keys through the link', async () => {
    await writeFile(target, 'ANTHROPIC_API_KEY=sk-ant-old\nKEEP=1\n', { mode: 0o600 });
    const shown = await home.run(['config', 'show', '--no-validate', '--json']);
    const doc = JSON.parse(shown.stdout) as { providers: Array<{ id: string; status: string }> };
    assert.equal(doc.providers.find((p) => p.id === 'anthropic')?.status, 'stored');
    const removed = await home.run(['config', 'remove', 'anthropic']);
    assert.equal(removed.code, 0, removed.stderr);
    assert.equal(await readFile(target, 'utf8'), 'KEEP=1\n');
    assert.ok((await lstat(home.credentialsPath)).isSymbolicLink());
  });

  it('warns about a dangling link in config show without failing', async () => {
    const result = await home.run(['config', 'show', '--no-validate']);
    assert.equal(result.code, 0, result.stderr);
    const warning = `${home.credentialsPath} is a symbolic link to a file that does not exist`;
    assert.ok(result.stderr.includes(`[warn] ${warning}\n`), result.stderr);
  });
});
