import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { protocolFor } from '../../src/requests/protocols/index.js';
import { PROVIDERS } from '../../src/providers/registry.js';
import {
  GIF_BYTES,
  PNG_BYTES,
  WEBP_BYTES,
  fakeChatGptToken,
  streamedAnswer,
} from '../fakes/provider-answers.js';
import {
  providerBaseUrls,
  startFakeProvider,
  type FakeProviderServer,
} from '../fakes/provider-server.js';
import { makeTempHome, type TempHome } from '../helpers/cli.js';
import { startCli } from '../helpers/live-cli.js';

const ANTHROPIC_KEY = 'sk-ant-api-key-0001';
const STREAM_HEADERS = { 'content-type': 'text/event-stream' };

let server: FakeProviderServer;
let home: TempHome;
let env: Record<string, string>;
let image: string;

beforeEach(async () => {
  server = await startFakeProvider();
  home = await makeTempHome();
  env = { ...providerBaseUrls(server), PEEKABOO_OPENAI_CODEX_BASE_URL: `${server.url}/codex` };
  image = join(home.home, 'shot.png');
  await writeFile(image, PNG_BYTES);
});
afterEach(async () => {
  assert.deepEqual(server.unexpected, []);
  await server.close();
  await home.cleanup();
});

async function storeCredentials(values: Record<string, string>): Promise<void> {
  await mkdir(home.configDir, { recursive: true, mode: 0o700 });
  const text = Object.entries(values).map(([key, value]) => `${key}=${value}\n`).join('');
  await writeFile(home.credentialsPath, text, { mode: 0o600 });
}

function answerWith(path: string, provider: string, pieces: string[]) {
  server.route('POST', path, () => ({
    headers: STREAM_HEADERS,
    chunks: streamedAnswer(provider, pieces),
    chunkDelayMs: 1,
  }));
}

describe('peekaboo analyze: streaming and output', () => {
  it('writes the first piece of the answer before the provider has sent the last', async () => {
    await storeCredentials({ ANTHROPIC_API_KEY: ANTHROPIC_KEY });
    let releaseLast!: (chunk: string) => void;
    const last = new Promise<string>((resolve) => (releaseLast = resolve));
    const [start, first, second, stop] = streamedAnswer('anthropic', ['A red ', 'square.']);
    server.route('POST', '/anthropic/v1/messages', () => ({
      headers: STREAM_HEADERS,
      chunks: [start as string, first as string, last],
      chunkDelayMs: 1,
    }));

    const cli = startCli(home, ['analyze', image, 'What is it?'], {
      env,
      input: '',
      watch: 'stdout',
    });
    await cli.waitFor(/A red /);
    assert.equal(cli.stdout, 'A red ', 'only the first piece has arrived');
    releaseLast(`${second}${stop}`);
    const result = await cli.exited;

    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'A red square.\n');
    assert.equal(result.stderr, '');
  });

  it('prints one JSON document once the answer is complete with --json', async () => {
    await storeCredentials({ ANTHROPIC_API_KEY: ANTHROPIC_KEY });
    answerWith('/anthropic/v1/messages', 'anthropic', ['A red ', 'square.']);

    const result = await home.run(['analyze', image, '--json'], { env });

    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), {
      provider: 'anthropic',
      model: 'claude-sonnet-4-6',
      auth: 'api-key',
      text: 'A red square.',
    });
    assert.equal(result.stderr, '');
  });

  it('uses --provider and --model, and PEEKABOO_<P>_MODEL when no --model is given', async () => {
    await storeCredentials({ ANTHROPIC_API_KEY: ANTHROPIC_KEY, X_AI_API_KEY: 'xai-key-0001' });
    answerWith('/xai/chat/completions', 'grok', ['ok']);

    const chosen = await home.run(['analyze', image, '--provider', 'xai', '--model', 'grok-x'], {
      env: { ...env, PEEKABOO_GROK_MODEL: 'grok-from-env' },
    });
    const fromEnv = await home.run(['analyze', image, '--provider', 'grok', '--json'], {
      env: { ...env, PEEKABOO_GROK_MODEL: 'grok-from-env' },
    });

    assert.equal(chosen.code, 0, chosen.stderr);
    assert.equal(chosen.stdout, 'ok\n');
    const models = server.requests.map((r) => JSON.parse(r.body).model);
    assert.deepEqual(models, ['grok-x', 'grok-from-env']);
    assert.equal(JSON.parse(fromEnv.stdout).model, 'grok-from-env');
  });

  it('sends a ChatGPT sign-in to the Codex backend and reports oauth', async () => {
    await storeCredentials({
      OPENAI_ACCESS_TOKEN: fakeChatGptToken('acct_1'),
      OPENAI_REFRESH_TOKEN: 'rt-openai-0001',
      OPENAI_ACCESS_EXPIRES: String(Math.floor(Date.now() / 1000) + 3600),
    });
    answerWith('/codex/responses', 'openai', ['Looks ', 'fine.']);

    const result = await home.run(['analyze', image, '--json'], { env });

    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), {
      provider: 'openai',
      model: 'gpt-5.4-mini',
      auth: 'oauth',
      text: 'Looks fine.',
    });
  });
});

describe('peekaboo analyze: which provider', () => {
  it('takes the first provider with a credential: anthropic, openai, gemini, grok', async () => {
    await storeCredentials({ X_AI_API_KEY: 'xai-key-0001', GEMINI_API_KEY: 'AIza-key-0001' });
    answerWith('/gemini/models/gemini-flash-latest:streamGenerateContent', 'gemini', ['g']);
    answerWith('/openai/responses', 'openai', ['o']);
    answerWith('/anthropic/v1/messages', 'anthropic', ['a']);

    const gemini = await home.run(['analyze', image, '--json'], { env });
    const openai = await home.run(['analyze', image, '--json'], {
      env: { ...env, OPENAI_API_KEY: 'sk-openai-env-0001' },
    });
    const anthropic = await home.run(['analyze', image, '--json'], {
      env: { ...env, OPENAI_API_KEY: 'sk-openai-env-0001', ANTHROPIC_API_KEY: ANTHROPIC_KEY },
    });

    assert.equal(JSON.parse(gemini.stdout).provider, 'gemini');
    assert.equal(JSON.parse(openai.stdout).provider, 'openai');
    assert.equal(JSON.parse(anthropic.stdout).provider, 'anthropic');
  });

  it('says how to add a credential when no provider has one', async () => {
    const result = await home.run(['analyze', image], { env });

    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(
      result.stderr,
      /^error: no provider has a credential \(looked for anthropic, openai, gemini, grok\)/,
    );
  });

  it('refreshes an expired OAuth token before sending the image', async () => {
    await storeCredentials({
      ANTHROPIC_ACCESS_TOKEN: 'at-old-0001',
      ANTHROPIC_REFRESH_TOKEN: 'rt-old-0001',
      ANTHROPIC_ACCESS_EXPIRES: String(Math.floor(Date.now() / 1000) - 60),
    });
    server.route('POST', '/token', () => ({
      body: { access_token: 'at-new-0002', refresh_token: 'rt-new-0002', expires_in: 3600 },
    }));
    answerWith('/anthropic/v1/messages', 'anthropic', ['fresh']);

    const result = await home.run(['analyze', image], {
      env: { ...env, PEEKABOO_ANTHROPIC_TOKEN_URL: `${server.url}/token` },
    });

    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(server.requests.map((r) => r.path), ['/token', '/anthropic/v1/messages']);
    assert.equal(server.requests[1]?.headers.authorization, 'Bearer at-new-0002');
    const stored = await readFile(home.credentialsPath, 'utf8');
    assert.match(stored, /^ANTHROPIC_ACCESS_TOKEN=at-new-0002$/m);
  });
});

describe('peekaboo analyze: failures', () => {
  it('refuses each bad file with exit 2 before sending anything', async () => {
    await storeCredentials({ ANTHROPIC_API_KEY: ANTHROPIC_KEY, X_AI_API_KEY: 'xai-key-0001' });
    const text = join(home.home, 'notes.png');
    const big = join(home.home, 'big.png');
    const gif = join(home.home, 'anim.gif');
    const webp = join(home.home, 'photo.webp');
    await writeFile(text, 'not an image at all');
    await writeFile(big, Buffer.concat([PNG_BYTES, Buffer.alloc(4 * 1024 * 1024)]));
    await writeFile(gif, GIF_BYTES);
    await writeFile(webp, WEBP_BYTES);
    const missing = join(home.home, 'missing.png');

    const cases: Array<[string[], string]> = [
      [[missing], `image file not found: ${missing}`],
      [[home.home], `${home.home} is not a file`],
      [[text], `${text} is not a PNG, JPEG, GIF or WebP image`],
      [[big], `${big} is 4 MiB; Anthropic accepts images up to 3.75 MiB`],
      [[gif, '--provider', 'grok'], `${gif} is a GIF image; Grok (xAI) accepts PNG, JPEG`],
      [[webp, '--provider', 'grok'], `${webp} is a WebP image; Grok (xAI) accepts PNG, JPEG`],
    ];
    for (const [args, message] of cases) {
      const result = await home.run(['analyze', ...args], { env });
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.equal(result.stdout, '');
      assert.ok(result.stderr.startsWith(`error: ${message}`), result.stderr);
    }
    assert.equal(server.requests.length, 0);
  });

  it('refuses an empty prompt as a usage error', async () => {
    const result = await home.run(['analyze', image, '  '], { env });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^error: the prompt is empty/);
  });

  it("reports a provider's refusal with its status and message, secrets scrubbed", async () => {
    await storeCredentials({ ANTHROPIC_API_KEY: ANTHROPIC_KEY });
    server.route('POST', '/anthropic/v1/messages', () => ({
      status: 400,
      body: { error: { type: 'invalid_request_error', message: `bad key ${ANTHROPIC_KEY}` } },
    }));

    const result = await home.run(['analyze', image], { env });

    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, 'error: Anthropic answered 400: bad key ***\n');
  });

  it('explains a missing OAuth scope as a server-side limit of the token', async () => {
    await storeCredentials({
      OPENAI_ACCESS_TOKEN: fakeChatGptToken(undefined),
      OPENAI_REFRESH_TOKEN: 'rt-openai-0001',
      OPENAI_ACCESS_EXPIRES: String(Math.floor(Date.now() / 1000) + 3600),
    });
    server.route('POST', '/openai/responses', () => ({
      status: 403,
      body: { error: { message: 'Missing scopes: api.responses.write' } },
    }));

    const result = await home.run(['analyze', image, '--json'], { env });

    assert.equal(result.code, 1);
    assert.equal(JSON.parse(result.stdout).error.code, 'ERR_SCOPE_LIMIT');
    assert.match(result.stderr, /server-side OAuth scope limit of the token, not a local/);
    assert.match(result.stderr, /'peekaboo config add openai <api-key>' or OPENAI_API_KEY/);
  });
});

describe('peekaboo analyze --help', () => {
  it("names every provider's default model", async () => {
    const result = await home.run(['analyze', '--help']);
    assert.equal(result.code, 0);
    for (const provider of PROVIDERS) {
      assert.ok(result.stdout.includes(protocolFor(provider).defaultModel), provider.id);
    }
  });
});
