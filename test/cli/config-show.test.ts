import assert from 'node:assert/strict';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { assertNoSecretPrinted, makeTempHome, type TempHome } from '../helpers/cli.js';
import { listDir } from '../helpers/files.js';
import {
  providerBaseUrls,
  routeValidation,
  startFakeProvider,
  type FakeProviderServer,
} from '../fakes/provider-server.js';

const VALID = 'sk-valid-show-0123456789';
const WRONG = 'sk-wrong-show-9876543210';
const VALIDATION_PATHS = [
  '/openai/models',
  '/anthropic/v1/models',
  '/xai/models',
  '/gemini/models',
];

/** Fails unless `text` has `line` as one whole line. */
function assertLine(text: string, line: string): void {
  assert.ok(text.split('\n').includes(line), `expected the line\n  ${line}\nin\n${text}`);
}

async function withFile(text: string | undefined, test: (home: TempHome) => Promise<void>) {
  const home = await makeTempHome();
  try {
    if (text !== undefined) {
      await mkdir(home.configDir, { mode: 0o700 });
      await writeFile(home.credentialsPath, text, { mode: 0o600 });
    }
    await test(home);
  } finally {
    await home.cleanup();
  }
}

interface ShowJson {
  providers: Array<Record<string, unknown>>;
  credentialsPath: string;
  warnings: string[];
}

describe('config show', () => {
  let server: FakeProviderServer;
  let trouble: FakeProviderServer;
  before(async () => {
    server = await startFakeProvider();
    routeValidation(server, VALID);
    trouble = await startFakeProvider();
    trouble.route('GET', '/hang/models', () => ({ hang: true }));
    trouble.route('GET', '/hang/v1/models', () => ({ hang: true }));
    trouble.route('GET', '/stall-ok/models', () => ({ stall: '{"data":[' }));
    trouble.route('GET', '/stall-error/models', () => ({ status: 401, stall: '{"error":' }));
  });
  after(async () => {
    await server.close();
    await trouble.close();
    assert.deepEqual(server.unexpected, []);
    assert.deepEqual(trouble.unexpected, []);
  });

  const show = (home: TempHome, args: string[] = [], env: Record<string, string> = {}) =>
    home.run(['config', 'show', ...args], { env: { ...providerBaseUrls(server), ...env } });

  const MIXED = `OPENAI_API_KEY=${VALID}\nANTHROPIC_API_KEY=${WRONG}\nX_AI_API_KEY=${VALID}\n`;
  const hangGrok = () => ({ XAI_BASE_URL: `${trouble.url}/hang` });

  it('prints one line per provider in order with its exact status, and exits 1', async () => {
    await withFile(MIXED, async (home) => {
      const result = await show(home, ['--timeout', '1'], hangGrok());
      assert.equal(result.code, 1, result.stderr);
      assert.equal(result.stdout, '');
      assert.equal(
        result.stderr,
        [
          'OpenAI: ready (validated) · API key from file OPENAI_API_KEY',
          'Anthropic: stored (validation failed: 401 Incorrect API key provided) · ' +
            'API key from file ANTHROPIC_API_KEY',
          'Grok (xAI): stored (validation timed out after 1s) · API key from file X_AI_API_KEY',
          'Gemini: missing · add one: peekaboo config add gemini',
          `Credentials file: ${home.credentialsPath}`,
          '',
        ].join('\n'),
      );
      assertNoSecretPrinted(result, [VALID, WRONG]);
    });
  });

  it('prints the JSON document the issue specifies, and nothing else on stdout', async () => {
    await withFile(MIXED, async (home) => {
      const result = await show(home, ['--timeout', '1', '--json'], hangGrok());
      assert.equal(result.code, 1, result.stderr);
      const fileKey = (key: string) => ({ kind: 'file', key });
      assert.deepEqual(JSON.parse(result.stdout), {
        providers: [
          {
            id: 'openai',
            name: 'OpenAI',
            status: 'ready',
            validated: true,
            source: fileKey('OPENAI_API_KEY'),
            auth: 'api-key',
          },
          {
            id: 'anthropic',
            name: 'Anthropic',
            status: 'stored',
            validated: false,
            reason: '401 Incorrect API key provided',
            source: fileKey('ANTHROPIC_API_KEY'),
            auth: 'api-key',
          },
          {
            id: 'grok',
            name: 'Grok (xAI)',
            status: 'stored',
            validated: false,
            reason: 'validation timed out after 1s',
            source: fileKey('X_AI_API_KEY'),
            auth: 'api-key',
          },
          { id: 'gemini', name: 'Gemini', status: 'missing', validated: false },
        ],
        credentialsPath: home.credentialsPath,
        warnings: [],
      });
      assertNoSecretPrinted(result, [VALID, WRONG]);
    });
  });

  it('exits 0 when every stored credential validates, missing ones not counted', async () => {
    await withFile(`GEMINI_API_KEY=${VALID}`, async (home) => {
      const result = await show(home);
      assert.equal(result.code, 0, result.stderr);
      assertLine(result.stderr, 'Gemini: ready (validated) · API key from file GEMINI_API_KEY');
      assertLine(result.stderr, 'OpenAI: missing · add one: peekaboo config add openai');
    });
  });

  it('validates the last of two lines with the same key, as the file is read', async () => {
    const text = `OPENAI_API_KEY=${WRONG}\n# newer:\nOPENAI_API_KEY=${VALID}\n`;
    await withFile(text, async (home) => {
      const before = server.requests.length;
      const result = await show(home);
      assert.equal(result.code, 0, result.stderr);
      const sent = server.requests.slice(before).map((r) => r.headers.authorization);
      assert.deepEqual(sent, [`Bearer ${VALID}`]);
    });
  });

  it('exits 0 with nothing stored at all, sends nothing and creates nothing', async () => {
    await withFile(undefined, async (home) => {
      const before = server.requests.length;
      const result = await show(home);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(server.requests.length, before);
      assert.equal(result.stderr.match(/: missing · /g)?.length, 4);
      assert.deepEqual(await listDir(home.home), []);
    });
  });

  it('reads the file without writing it or changing its mode', async () => {
    await withFile(MIXED, async (home) => {
      await chmod(home.credentialsPath, 0o640);
      const before = await stat(home.credentialsPath);
      const result = await show(home, ['--no-validate', '--json']);
      assert.equal(result.code, 0, result.stderr);
      const after = await stat(home.credentialsPath);
      const facts = (info: typeof before) => [info.ino, info.mtimeMs, info.mode];
      assert.deepEqual(facts(after), facts(before));
      assert.equal(await readFile(home.credentialsPath, 'utf8'), MIXED);
      assert.deepEqual(await listDir(home.configDir), ['credentials']);
    });
  });

  it('uses the environment key over the file, says so, and validates that key', async () => {
    await withFile(`OPENAI_API_KEY=${WRONG}\n`, async (home) => {
      const before = server.requests.length;
      const result = await show(home, ['--json'], { OPENAI_API_KEY: VALID });
      assert.equal(result.code, 0, result.stderr);
      const doc = JSON.parse(result.stdout) as ShowJson;
      assert.deepEqual(doc.providers[0], {
        id: 'openai',
        name: 'OpenAI',
        status: 'ready',
        validated: true,
        source: { kind: 'env', key: 'OPENAI_API_KEY' },
        auth: 'api-key',
      });
      const sent = server.requests.slice(before);
      assert.deepEqual(sent.map((r) => r.headers.authorization), [`Bearer ${VALID}`]);

      const human = await show(home, [], { OPENAI_API_KEY: VALID });
      assertLine(
        human.stderr,
        'OpenAI: ready (validated) · API key from environment OPENAI_API_KEY; ' +
          'OPENAI_API_KEY in the environment shadows OPENAI_API_KEY in the file',
      );
      assertNoSecretPrinted(human, [VALID, WRONG]);
    });
  });

  it('reads XAI_API_KEY, GROK_API_KEY and GOOGLE_API_KEY from the environment', async () => {
    await withFile(undefined, async (home) => {
      for (const name of ['XAI_API_KEY', 'GROK_API_KEY']) {
        const result = await show(home, ['--json'], { [name]: VALID });
        const grok = (JSON.parse(result.stdout) as ShowJson).providers[2];
        assert.deepEqual(grok?.source, { kind: 'env', key: name });
        assert.equal(grok?.status, 'ready');
      }
      const result = await show(home, ['--json'], { GOOGLE_API_KEY: VALID });
      const gemini = (JSON.parse(result.stdout) as ShowJson).providers[3];
      assert.deepEqual(gemini?.source, { kind: 'env', key: 'GOOGLE_API_KEY' });
      assert.equal(gemini?.status, 'ready');
    });
  });

  it('reads XAI_API_KEY, GROK_API_KEY and GOOGLE_API_KEY from the file', async () => {
    for (const name of ['XAI_API_KEY', 'GROK_API_KEY', 'GOOGLE_API_KEY']) {
      await withFile(`# other names\n${name}=${VALID}\n`, async (home) => {
        const result = await show(home, ['--json']);
        assert.equal(result.code, 0, result.stderr);
        const doc = JSON.parse(result.stdout) as ShowJson;
        const found = doc.providers.filter((p) => p.status === 'ready');
        assert.deepEqual(found.map((p) => p.source), [{ kind: 'file', key: name }]);
      });
    }
  });

  it('reports stored without sending anything with --no-validate, and exits 0', async () => {
    await withFile(MIXED, async (home) => {
      const before = server.requests.length;
      const result = await show(home, ['--no-validate'], hangGrok());
      assert.equal(result.code, 0, result.stderr);
      assert.equal(server.requests.length, before);
      assertLine(result.stderr, 'OpenAI: stored · API key from file OPENAI_API_KEY');
      assertLine(result.stderr, 'Anthropic: stored · API key from file ANTHROPIC_API_KEY');
      assertLine(result.stderr, 'Grok (xAI): stored · API key from file X_AI_API_KEY');
    });
  });

  it('describes an OAuth token from the file and its expiry in words', async () => {
    const expires = Math.floor(Date.now() / 1000) + 2 * 3600 + 600;
    const text =
      `OPENAI_ACCESS_TOKEN=oauth-access-marker\nOPENAI_REFRESH_TOKEN=oauth-refresh-marker\n` +
      `OPENAI_ACCESS_EXPIRES=${expires}\nOPENAI_API_KEY=${VALID}\n`;
    await withFile(text, async (home) => {
      const result = await show(home, ['--no-validate']);
      assertLine(
        result.stderr,
        'OpenAI: stored · OAuth token from file OPENAI_ACCESS_TOKEN; expires in 2 hours',
      );
      const json = await show(home, ['--no-validate', '--json']);
      const openai = (JSON.parse(json.stdout) as ShowJson).providers[0];
      assert.equal(openai?.auth, 'oauth');
      assert.equal(openai?.expiresAt, expires);
      assertNoSecretPrinted(result, ['oauth-access-marker', 'oauth-refresh-marker', VALID]);
    });
  });

  it('adds the full provider error with --verbose, secrets scrubbed', async () => {
    await withFile(`ANTHROPIC_API_KEY=${WRONG}\n`, async (home) => {
      const result = await show(home, ['--verbose']);
      assert.equal(result.code, 1);
      const url = `${server.url}/anthropic/v1/models`;
      assertLine(
        result.stderr,
        `Anthropic error: GET ${url} -> 401: {"error":{"message":"Incorrect API key provided"}}`,
      );
      const quiet = await show(home);
      assert.doesNotMatch(quiet.stderr, /Anthropic error:/);
      assertNoSecretPrinted(result, [WRONG]);
    });
  });

  it('pings every provider at once: all four requests arrive before any answer', async () => {
    const gate = await startFakeProvider();
    let arrived = 0;
    let openGate: () => void = () => undefined;
    const allArrived = new Promise<void>((resolve) => (openGate = resolve));
    for (const path of VALIDATION_PATHS) {
      gate.route('GET', path, async () => {
        arrived += 1;
        if (arrived === VALIDATION_PATHS.length) openGate();
        // A sequential implementation would leave the first request here until it times out.
        await allArrived;
        return { body: { data: [] } };
      });
    }
    const text =
      `OPENAI_API_KEY=${VALID}\nANTHROPIC_API_KEY=${VALID}\n` +
      `X_AI_API_KEY=${VALID}\nGEMINI_API_KEY=${VALID}\n`;
    try {
      await withFile(text, async (home) => {
        const env = providerBaseUrls(gate);
        const result = await home.run(['config', 'show', '--timeout', '5'], { env });
        assert.equal(result.code, 0, result.stderr);
        assert.equal(result.stderr.match(/: ready \(validated\)/g)?.length, 4, result.stderr);
        assert.equal(arrived, 4);
      });
      assert.deepEqual(gate.unexpected, []);
    } finally {
      await gate.close();
    }
  });

  it('ends soon after --timeout when every provider accepts and never answers', async () => {
    const text =
      `OPENAI_API_KEY=${VALID}\nANTHROPIC_API_KEY=${VALID}\n` +
      `X_AI_API_KEY=${VALID}\nGEMINI_API_KEY=${VALID}\n`;
    await withFile(text, async (home) => {
      const hang = `${trouble.url}/hang`;
      const started = Date.now();
      const result = await home.run(['config', 'show', '--timeout', '1'], {
        env: {
          OPENAI_BASE_URL: hang,
          ANTHROPIC_BASE_URL: hang,
          XAI_BASE_URL: hang,
          GEMINI_BASE_URL: hang,
        },
      });
      assert.ok(Date.now() - started < 10_000, 'the command should end soon after the timeout');
      assert.equal(result.code, 1, result.stderr);
      assert.equal(result.stderr.match(/: stored \(validation timed out after 1s\)/g)?.length, 4);
    });
  });

  it('times out a provider that sends its headers and then stalls the body', async () => {
    const text = `OPENAI_API_KEY=${VALID}\nX_AI_API_KEY=${VALID}\n`;
    await withFile(text, async (home) => {
      const started = Date.now();
      const result = await home.run(['config', 'show', '--timeout', '1'], {
        env: {
          OPENAI_BASE_URL: `${trouble.url}/stall-ok`,
          XAI_BASE_URL: `${trouble.url}/stall-error`,
        },
      });
      assert.ok(Date.now() - started < 10_000, 'the command should end soon after the timeout');
      assert.equal(result.code, 1, result.stderr);
      assertLine(
        result.stderr,
        'Grok (xAI): stored (validation timed out after 1s) · API key from file X_AI_API_KEY',
      );
      // A 2xx status is the answer; the rest of a model list is not waited for.
      assertLine(result.stderr, 'OpenAI: ready (validated) · API key from file OPENAI_API_KEY');
    });
  });

  it('reports a refused connection, and a base URL it will not send to', async () => {
    const closed = await startFakeProvider();
    await closed.close();
    const text = `OPENAI_API_KEY=${VALID}\nGEMINI_API_KEY=${VALID}\n`;
    await withFile(text, async (home) => {
      const result = await home.run(['config', 'show', '--timeout', '5'], {
        env: { OPENAI_BASE_URL: `${closed.url}/v1`, GEMINI_BASE_URL: 'http://192.0.2.1:9/v1' },
      });
      assert.equal(result.code, 1, result.stderr);
      assertLine(
        result.stderr,
        'OpenAI: stored (validation failed: cannot reach the provider (ECONNREFUSED)) · ' +
          'API key from file OPENAI_API_KEY',
      );
      assertLine(
        result.stderr,
        'Gemini: stored (validation failed: GEMINI_BASE_URL must be https://, or http:// ' +
          'to a loopback address; refusing to send credentials to http://192.0.2.1:9) · ' +
          'API key from file GEMINI_API_KEY',
      );
      assertNoSecretPrinted(result, [VALID]);
    });
  });

  describe('warnings about the file', () => {
    it('lists a line without =, a loose mode and an open directory, and carries on', async () => {
      const text = `# mine\nOPENAI_API_KEY=${VALID}\njust some words\n`;
      await withFile(text, async (home) => {
        await chmod(home.credentialsPath, 0o644);
        await chmod(home.configDir, 0o777);
        const result = await show(home, ['--no-validate']);
        assert.equal(result.code, 0, result.stderr);
        const path = home.credentialsPath;
        const dir = home.configDir;
        assert.equal(
          result.stderr.split('\n').filter((l) => l.startsWith('[warn]')).join('\n'),
          [
            `[warn] ${path} has mode 644, readable by others; run: chmod 600 ${path}`,
            `[warn] ${dir} can be written by others; run: chmod 700 ${dir}`,
            `[warn] ${path}:3: no "=" in the line; it is ignored`,
          ].join('\n'),
        );
        assertLine(result.stderr, 'OpenAI: stored · API key from file OPENAI_API_KEY');
        const json = await show(home, ['--no-validate', '--json']);
        assert.equal((JSON.parse(json.stdout) as ShowJson).warnings.length, 3);
        assertNoSecretPrinted(result, [VALID]);
      });
    });

    it('reports a credentials path that is a directory and shows the providers', async () => {
      await withFile(undefined, async (home) => {
        await mkdir(home.credentialsPath, { recursive: true });
        const result = await show(home, ['--json'], { GEMINI_API_KEY: VALID });
        assert.equal(result.code, 0, result.stderr);
        const doc = JSON.parse(result.stdout) as ShowJson;
        assert.deepEqual(doc.warnings, [
          `${home.credentialsPath} is a directory, not a file; ` +
            "move it away and run 'peekaboo config add'",
        ]);
        assert.deepEqual(
          doc.providers.map((p) => p.status),
          ['missing', 'missing', 'missing', 'ready'],
        );
      });
    });
  });
});
