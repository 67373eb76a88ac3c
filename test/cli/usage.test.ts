import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { BIN, makeTempHome, REPO_ROOT, type TempHome } from '../helpers/cli.js';
import { listDir } from '../helpers/files.js';
import { startFakeProvider, type FakeProviderServer } from '../fakes/provider-server.js';

const SCRIPT = '/usr/bin/script';

const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  version: string;
};

describe('command line usage', () => {
  let home: TempHome;
  let server: FakeProviderServer;
  before(async () => {
    home = await makeTempHome();
    server = await startFakeProvider();
  });
  after(async () => {
    await server.close();
    await home.cleanup();
    // No route is set up: any request at all is unexpected.
    assert.deepEqual(server.requests, []);
  });

  it('prints the package version with --version and -v', async () => {
    for (const flag of ['--version', '-v']) {
      const result = await home.run([flag]);
      assert.equal(result.code, 0);
      assert.equal(result.stdout, `${pkg.version}\n`);
      assert.equal(result.stderr, '');
    }
  });

  it('lists every command with --help and exits 0', async () => {
    const result = await home.run(['--help']);
    assert.equal(result.code, 0);
    for (const command of COMMANDS) {
      const line = new RegExp(`^  peekaboo ${command.name} +${escape(command.summary)}$`, 'm');
      assert.match(result.stdout, line);
    }
  });

  it('prints the help and exits 2 when no command is given', async () => {
    const result = await home.run([]);
    assert.equal(result.code, 2);
    assert.match(result.stdout, /^Usage:$/m);
  });

  for (const command of COMMANDS) {
    it(`explains '${command.name}' with --help, its flags and examples`, async () => {
      const result = await home.run([...command.name.split(' '), '--help']);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, '');
      const text = result.stdout;
      assert.ok(text.startsWith(`peekaboo ${command.name}: ${command.summary}\n`), text);
      assert.ok(text.includes(`\nUsage: ${command.usage}\n`), text);
      for (const flag of Object.keys(command.options)) {
        assert.match(text, new RegExp(`^  --${flag}\\b`, 'm'));
      }
      const examples = text
        .split('\nExamples:\n')[1]
        ?.split('\n')
        .filter((l) => l.trim() !== '');
      assert.ok(examples && examples.length > 0, `no examples in\n${text}`);
      for (const example of examples) {
        assert.ok(/^ {2}\S/.test(example) && example.includes('peekaboo '), example);
      }
    });

    it(`declares --json on '${command.name}'`, () => {
      assert.equal(command.options.json?.type, 'boolean');
    });
  }

  it('refuses an unknown command with exit 2 and the next step', async () => {
    const result = await home.run(['frobnicate']);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, "error: unknown command 'frobnicate' (next: peekaboo --help)\n");
    const sub = await home.run(['config', 'frobnicate']);
    assert.equal(sub.code, 2);
    const unknown = "error: unknown command 'config frobnicate' (next: peekaboo --help)\n";
    assert.equal(sub.stderr, unknown);
  });

  it('refuses an unknown flag with exit 2, the usage and where to get help', async () => {
    const result = await home.run(['config', 'show', '--frob']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^error: Unknown option '--frob'/);
    assert.ok(result.stderr.endsWith('(next: peekaboo config show --help)\n'), result.stderr);
    assert.match(result.stderr, /; usage: peekaboo config show \[/);
  });

  // util-linux `script` gives the CLI a terminal, where colour would otherwise be on.
  const hasScript = existsSync(SCRIPT);
  it('colours on a terminal, and not when NO_COLOR is set', { skip: !hasScript }, async () => {
    const own = await makeTempHome();
    const onTerminal = (extra: Record<string, string>) => {
      const command = `'${process.execPath}' '${BIN}' config add grok xai-tty-key --no-validate`;
      const env = { PATH: process.env.PATH ?? '', HOME: own.home, TERM: 'xterm', ...extra };
      return spawnSync(SCRIPT, ['-qec', command, '/dev/null'], { env, encoding: 'utf8' });
    };
    try {
      const coloured = onTerminal({});
      assert.equal(coloured.status, 0, coloured.stdout);
      assert.ok(coloured.stdout.includes('\u001b[32m[ok]\u001b[0m Stored Grok'), coloured.stdout);
      const plain = onTerminal({ NO_COLOR: '1' });
      assert.equal(plain.status, 0, plain.stdout);
      assert.ok(plain.stdout.includes('[ok] Stored Grok'), plain.stdout);
      assert.ok(!plain.stdout.includes('\u001b['), plain.stdout);
    } finally {
      await own.cleanup();
    }
  });

  describe('--timeout', () => {
    for (const value of ['0', '-1', 'abc', '3601', '', '1e3']) {
      it(`refuses --timeout '${value}' with exit 2 and a clear message`, async () => {
        for (const args of [
          ['config', 'show', '--timeout', value],
          ['config', 'add', 'openai', 'sk-never-stored', '--timeout', value],
        ]) {
          const result = await home.run(args, { env: { OPENAI_BASE_URL: server.url } });
          assert.equal(result.code, 2, args.join(' '));
          const refusal =
            'error: --timeout takes a number of seconds greater than 0 and at most 3600';
          assert.equal(result.stderr, `${refusal} (got ${value})\n`);
          assert.equal(result.stdout, '');
        }
        assert.deepEqual(await listDir(home.configDir), []);
      });
    }

    it('accepts --timeout=-1 written with = and still refuses it', async () => {
      const result = await home.run(['config', 'show', '--timeout=-1']);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /\(got -1\)/);
    });

    it('puts the refusal in the JSON document with --json', async () => {
      const result = await home.run(['config', 'show', '--timeout', '0', '--json']);
      assert.equal(result.code, 2);
      const doc = JSON.parse(result.stdout) as { error: { code: string; message: string } };
      assert.equal(doc.error.code, 'ERR_USAGE');
      assert.match(doc.error.message, /^--timeout takes a number of seconds/);
    });

    it('accepts a fraction of a second', async () => {
      const result = await home.run(['config', 'show', '--timeout', '0.5', '--no-validate']);
      assert.equal(result.code, 0, result.stderr);
    });
  });

  describe('PEEKABOO_CONFIG_DIR', () => {
    it('uses an absolute directory as the config directory', async () => {
      const dir = join(home.home, 'elsewhere', 'config');
      const env = { PEEKABOO_CONFIG_DIR: dir };
      const path = await home.run(['config', 'edit', '--print-path'], { env });
      assert.equal(path.stdout, `${join(dir, 'credentials')}\n`);
      const add = await home.run(['config', 'add', 'openai', 'sk-abs', '--no-validate'], { env });
      assert.equal(add.code, 0, add.stderr);
      assert.match(await readFile(join(dir, 'credentials'), 'utf8'), /^OPENAI_API_KEY=sk-abs$/m);
    });

    it('expands a directory starting with ~/ under HOME', async () => {
      const env = { PEEKABOO_CONFIG_DIR: '~/dotfiles/peekaboo' };
      const path = await home.run(['config', 'edit', '--print-path'], { env });
      assert.equal(path.stdout, `${join(home.home, 'dotfiles', 'peekaboo', 'credentials')}\n`);
      const add = await home.run(['config', 'add', 'grok', 'xai-tilde', '--no-validate'], { env });
      assert.equal(add.code, 0, add.stderr);
      const written = join(home.home, 'dotfiles', 'peekaboo', 'credentials');
      assert.match(await readFile(written, 'utf8'), /^X_AI_API_KEY=xai-tilde$/m);
    });

    it('refuses a relative directory with exit 2 and writes nothing anywhere', async () => {
      const cwd = join(home.home, 'cwd');
      await mkdir(cwd);
      for (const args of [
        ['config', 'add', 'openai', 'sk-relative', '--no-validate'],
        ['config', 'show', '--no-validate'],
        ['config', 'remove', 'openai'],
        ['config', 'edit', '--print-path'],
      ]) {
        const env = { PEEKABOO_CONFIG_DIR: 'relative/dir' };
        const result = await home.run(args, { cwd, env });
        assert.equal(result.code, 2, args.join(' '));
        assert.equal(
          result.stderr,
          'error: PEEKABOO_CONFIG_DIR must be an absolute path or start with ~/ ' +
            '(got relative/dir) (next: export PEEKABOO_CONFIG_DIR="$HOME/.peekaboo")\n',
        );
      }
      assert.deepEqual(await listDir(cwd), []);
    });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
