import assert from 'node:assert/strict';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { assertNoSecretPrinted, makeTempHome, type TempHome } from '../helpers/cli.js';
import { listDir, modeOf } from '../helpers/files.js';
import {
  providerBaseUrls,
  routeValidation,
  startFakeProvider,
  type FakeProviderServer,
} from '../fakes/provider-server.js';

const VALID = 'sk-valid-key-0123456789';
const WRONG = 'sk-wrong-key-9876543210';

async function withHome(test: (home: TempHome) => Promise<void>): Promise<void> {
  const home = await makeTempHome();
  try {
    await test(home);
  } finally {
    await home.cleanup();
  }
}

describe('config add', () => {
  let server: FakeProviderServer;
  let trouble: FakeProviderServer;
  before(async () => {
    server = await startFakeProvider();
    routeValidation(server, VALID);
    trouble = await startFakeProvider();
    trouble.route('GET', '/broken/models', () => ({
      status: 500,
      body: { error: { message: 'upstream exploded' } },
    }));
    trouble.route('GET', '/hang/models', () => ({ hang: true }));
    trouble.route('GET', '/stall/models', () => ({ status: 401, stall: '{"error":{"mess' }));
    trouble.route('GET', '/echo/models', (r) => ({
      status: 401,
      body: { error: { message: `Incorrect API key provided: ${r.headers.authorization}` } },
    }));
  });
  after(async () => {
    await server.close();
    await trouble.close();
    assert.deepEqual(server.unexpected, []);
    assert.deepEqual(trouble.unexpected, []);
  });

  const run = (home: TempHome, args: string[], input?: string, env = {}) =>
    home.run(['config', 'add', ...args], { input, env: { ...providerBaseUrls(server), ...env } });

  it('stores a key from stdin and validates it with the provider', async () => {
    await withHome(async (home) => {
      const result = await run(home, ['openai'], `${VALID}\n`);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, '');
      assert.equal(result.stderr, '[ok] Stored and validated OpenAI credential\n');
      const text = await readFile(home.credentialsPath, 'utf8');
      assert.match(text, new RegExp(`^OPENAI_API_KEY=${VALID}$`, 'm'));
      assert.equal((await stat(home.credentialsPath)).mode & 0o777, 0o600);
      assert.equal((await stat(home.configDir)).mode & 0o777, 0o700);
      assert.deepEqual(await listDir(home.configDir), ['credentials']);
      assertNoSecretPrinted(result, [VALID]);
    });
  });

  it('reads the key from stdin when the secret argument is -', async () => {
    await withHome(async (home) => {
      const result = await run(home, ['anthropic', '-'], `${VALID}\r\n`);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, '[ok] Stored and validated Anthropic credential\n');
      const text = await readFile(home.credentialsPath, 'utf8');
      assert.match(text, new RegExp(`^ANTHROPIC_API_KEY=${VALID}$`, 'm'));
    });
  });

  it('takes the key from the argument and ignores stdin then', async () => {
    await withHome(async (home) => {
      const result = await run(home, ['gemini', VALID], 'not-this-one');
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, '[ok] Stored and validated Gemini credential\n');
      const text = await readFile(home.credentialsPath, 'utf8');
      assert.match(text, new RegExp(`^GEMINI_API_KEY=${VALID}$`, 'm'));
      assert.doesNotMatch(text, /not-this-one/);
    });
  });

  it('writes the file the command creates byte for byte, 0600 even under umask 000', async () => {
    await withHome(async (home) => {
      const result = await home.run(['config', 'add', 'grok', '-', '--no-validate'], {
        input: 'xai-first-key',
        umask: 0,
      });
      assert.equal(result.code, 0, result.stderr);
      const text = await readFile(home.credentialsPath, 'utf8');
      const lines = text.split('\n');
      assert.ok(lines[0]?.startsWith('# ') && lines[1]?.startsWith('# '), text);
      assert.deepEqual(lines.slice(2), ['', 'X_AI_API_KEY=xai-first-key', '']);
      assert.equal(await modeOf(home.credentialsPath), 0o600);
      assert.equal(await modeOf(home.configDir), 0o700);
    });
  });

  it('stores a wrong key, says why validation failed, and exits 1', async () => {
    await withHome(async (home) => {
      const result = await run(home, ['openai'], WRONG);
      assert.equal(result.code, 1);
      assert.equal(result.stdout, '');
      assert.equal(
        result.stderr,
        '[warn] Stored credential but validation failed: 401 Incorrect API key provided\n',
      );
      const text = await readFile(home.credentialsPath, 'utf8');
      assert.match(text, new RegExp(`^OPENAI_API_KEY=${WRONG}$`, 'm'));
      assertNoSecretPrinted(result, [WRONG]);
    });
  });

  it('scrubs the key from an error message that echoes it back', async () => {
    await withHome(async (home) => {
      const env = { OPENAI_BASE_URL: `${trouble.url}/echo` };
      const result = await run(home, ['openai', '-'], WRONG, env);
      assert.equal(result.code, 1);
      assert.equal(
        result.stderr,
        '[warn] Stored credential but validation failed: ' +
          '401 Incorrect API key provided: Bearer ***\n',
      );
      assertNoSecretPrinted(result, [WRONG, WRONG.slice(0, 12)]);
    });
  });

  it('times out a provider that sends a 401 status and then stalls the body', async () => {
    await withHome(async (home) => {
      const env = { OPENAI_BASE_URL: `${trouble.url}/stall` };
      const result = await run(home, ['openai', '-', '--timeout', '1'], VALID, env);
      assert.equal(result.code, 1, result.stderr);
      assert.equal(result.stderr, '[warn] Stored credential but validation timed out after 1s\n');
    });
  });

  it("reports a provider's 500 answer with its message and still stores the key", async () => {
    await withHome(async (home) => {
      const env = { XAI_BASE_URL: `${trouble.url}/broken` };
      const result = await run(home, ['xai', '-'], VALID, env);
      assert.equal(result.code, 1);
      assert.equal(
        result.stderr,
        '[warn] Stored credential but validation failed: 500 upstream exploded\n',
      );
      assert.match(await readFile(home.credentialsPath, 'utf8'), /^X_AI_API_KEY=/m);
    });
  });

  it('gives up on a provider that never answers after --timeout and stores the key', async () => {
    await withHome(async (home) => {
      const started = Date.now();
      const env = { OPENAI_BASE_URL: `${trouble.url}/hang` };
      const result = await run(home, ['openai', '--timeout', '1'], VALID, env);
      assert.equal(result.code, 1, result.stderr);
      assert.equal(result.stderr, '[warn] Stored credential but validation timed out after 1s\n');
      assert.ok(Date.now() - started < 10_000, 'the command should end soon after the timeout');
      assert.match(await readFile(home.credentialsPath, 'utf8'), /^OPENAI_API_KEY=/m);
    });
  });

  it('stores without asking the provider with --no-validate', async () => {
    await withHome(async (home) => {
      const before = server.requests.length;
      const result = await run(home, ['openai', '--no-validate'], WRONG);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, '[ok] Stored OpenAI credential (not validated)\n');
      assert.equal(server.requests.length, before);
    });
  });

  it('accepts aliases and ids in any case and writes the grok key as X_AI_API_KEY', async () => {
    await withHome(async (home) => {
      const cases: Array<[string, string, string]> = [
        ['XAI', 'X_AI_API_KEY', 'Grok (xAI)'],
        ['google', 'GEMINI_API_KEY', 'Gemini'],
        ['OpenAI', 'OPENAI_API_KEY', 'OpenAI'],
        ['ANTHROPIC', 'ANTHROPIC_API_KEY', 'Anthropic'],
        ['Grok', 'X_AI_API_KEY', 'Grok (xAI)'],
      ];
      for (const [id, key, name] of cases) {
        const result = await run(home, [id, '-'], VALID);
        assert.equal(result.code, 0, result.stderr);
        assert.equal(result.stderr, `[ok] Stored and validated ${name} credential\n`);
        const text = await readFile(home.credentialsPath, 'utf8');
        assert.match(text, new RegExp(`^${key}=${VALID}$`, 'm'), id);
      }
      const text = await readFile(home.credentialsPath, 'utf8');
      assert.doesNotMatch(text, /^(XAI_API_KEY|GROK_API_KEY|GOOGLE_API_KEY)=/m);
    });
  });

  it('prints exactly one JSON document on stdout with --json', async () => {
    await withHome(async (home) => {
      const result = await run(home, ['openai', '--json'], WRONG);
      assert.equal(result.code, 1);
      assert.deepEqual(JSON.parse(result.stdout), {
        provider: 'openai',
        key: 'OPENAI_API_KEY',
        credentialsPath: home.credentialsPath,
        validated: false,
        status: 'invalid',
        reason: '401 Incorrect API key provided',
      });
      assert.ok(result.stdout.endsWith('}\n'));
      assertNoSecretPrinted(result, [WRONG]);
    });
  });

  it('sends each provider its secret the way that provider expects, to its path', async () => {
    await withHome(async (home) => {
      const expected = {
        openai: { path: '/openai/models', authorization: `Bearer ${VALID}` },
        anthropic: {
          path: '/anthropic/v1/models',
          'x-api-key': VALID,
          'anthropic-version': '2023-06-01',
        },
        grok: { path: '/xai/models', authorization: `Bearer ${VALID}` },
        gemini: { path: '/gemini/models', 'x-goog-api-key': VALID },
      };
      for (const [id, want] of Object.entries(expected)) {
        const before = server.requests.length;
        const result = await run(home, [id, '-'], VALID);
        assert.equal(result.code, 0, result.stderr);
        const sent = server.requests.slice(before);
        assert.equal(sent.length, 1, id);
        const request = sent[0]!;
        assert.equal(request.method, 'GET');
        const { path, ...headers } = want;
        assert.equal(request.path, path, `${id} path, with no query string`);
        const carried = ['authorization', 'x-api-key', 'x-goog-api-key', 'anthropic-version'];
        const present = carried.filter((h) => request.headers[h] !== undefined);
        const got = Object.fromEntries(present.map((h) => [h, request.headers[h]]));
        assert.deepEqual(got, headers, id);
      }
    });
  });

  for (const [name, env] of [
    ['http to another host', { OPENAI_BASE_URL: 'http://192.0.2.1:9/v1' }],
    ['a host that starts like loopback', { OPENAI_BASE_URL: 'http://127.0.0.1.example.com' }],
    ['credentials inside the URL', { OPENAI_BASE_URL: `https://user:pw@${'api.example.com'}/v1` }],
  ] as const) {
    it(`refuses a base URL override with ${name} before sending or writing`, async () => {
      await withHome(async (home) => {
        const result = await home.run(['config', 'add', 'openai', '-'], { input: VALID, env });
        assert.equal(result.code, 2);
        assert.equal(result.stdout, '');
        const refusal =
          'error: OPENAI_BASE_URL must be https://, or http:// to a loopback address';
        assert.ok(result.stderr.startsWith(refusal), result.stderr);
        assert.deepEqual(await listDir(home.home), []);
        assertNoSecretPrinted(result, [VALID]);
      });
    });
  }

  it('fails with one line, no stack trace, when the credentials path is a directory', async () => {
    await withHome(async (home) => {
      await mkdir(home.credentialsPath, { recursive: true });
      const result = await run(home, ['openai', '-', '--no-validate'], VALID);
      assert.equal(result.code, 1);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /^error: .*credentials.* is a directory, not a file.*\n$/);
      assert.equal(result.stderr.split('\n').length, 2, result.stderr);
      assertNoSecretPrinted(result, [VALID]);
    });
  });

  it('notes an environment variable that takes precedence over the stored key', async () => {
    await withHome(async (home) => {
      const env = { XAI_API_KEY: 'env-xai-marker-123' };
      const result = await run(home, ['grok', '-', '--no-validate'], VALID, env);
      assert.equal(result.code, 0);
      assert.equal(
        result.stderr,
        '[ok] Stored Grok (xAI) credential (not validated)\n' +
          'note: XAI_API_KEY is set in the environment and takes precedence over the stored ' +
          'key; unset it with: unset XAI_API_KEY\n',
      );
      const text = await readFile(home.credentialsPath, 'utf8');
      assert.doesNotMatch(text, /env-xai-marker-123/);
      assertNoSecretPrinted(result, ['env-xai-marker-123', VALID]);
    });
  });

  describe('usage errors exit 2 and write nothing', () => {
    const EXISTING = '# mine\nOPENAI_API_KEY=sk-existing\nno equals here';
    const supported = 'openai, anthropic, grok \\(xai\\), gemini \\(google\\)';
    const cases: Array<[string, string[], string, RegExp]> = [
      ['an unknown provider', ['mistral', '-'], VALID,
        new RegExp(`^error: unknown provider 'mistral'; supported: ${supported}`)],
      ['an empty secret on stdin', ['openai'], '', /^error: the secret is empty/],
      ['a blank secret argument', ['openai', '   '], '', /^error: the secret is empty/],
      ['a secret with a newline inside', ['openai', '-'], 'sk-a\nsk-b\n',
        /^error: the secret contains a line break or NUL character/],
      ['a secret argument with a carriage return', ['openai', 'sk-a\rB=1'], '',
        /^error: the secret contains a line break or NUL character/],
      ['a secret with a NUL on stdin', ['openai'], 'sk-a\0b',
        /^error: the secret contains a line break or NUL character/],
      ['a secret with an arrow key\'s escape sequence', ['openai', '-'], 'sk-a\u001b[Db\n',
        /^error: the secret contains a control character/],
      ['a secret longer than 64 KiB', ['openai', '-'], 'k'.repeat(70 * 1024),
        /^error: the secret is longer than 64 KiB/],
      ['no provider at all', [], VALID, /^error: missing arguments; usage: peekaboo config add/],
    ];
    for (const [name, args, input, message] of cases) {
      it(`refuses ${name}`, async () => {
        await withHome(async (home) => {
          const before = server.requests.length;
          const fresh = await run(home, args, input);
          assert.equal(fresh.code, 2, fresh.stderr);
          assert.equal(fresh.stdout, '');
          assert.match(fresh.stderr, message);
          assert.deepEqual(await listDir(home.home), []);

          await mkdir(home.configDir, { mode: 0o700 });
          await writeFile(home.credentialsPath, EXISTING, { mode: 0o600 });
          const existing = await run(home, args, input);
          assert.equal(existing.code, 2, existing.stderr);
          assert.equal(await readFile(home.credentialsPath, 'utf8'), EXISTING);
          assert.equal(await modeOf(home.credentialsPath), 0o600);
          assert.deepEqual(await listDir(home.configDir), ['credentials']);
          assert.equal(server.requests.length, before, 'nothing sent');
          assertNoSecretPrinted(fresh, [VALID]);
        });
      });
    }
  });
});
