import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { CredentialManager } from '../../src/auth/credential-manager.js';
import { analyzeImage } from '../../src/requests/analyze-image.js';
import { OPENAI_IMAGE_INSTRUCTIONS } from '../../src/requests/protocols/openai.js';
import type { ImageInput } from '../../src/requests/types.js';
import {
  GIF_BYTES,
  PNG_BYTES,
  fakeChatGptToken,
  sse,
  streamedAnswer,
} from '../fakes/provider-answers.js';
import {
  providerBaseUrls,
  startFakeProvider,
  type FakeProviderServer,
  type RecordedRequest,
} from '../fakes/provider-server.js';
import { makeCredentialsDir, type CredentialsDir } from '../helpers/credentials-dir.js';

const PNG: ImageInput = { bytes: PNG_BYTES, mediaType: 'image/png' };
const PNG_BASE64 = PNG_BYTES.toString('base64');
const LATER = String(Math.floor(Date.now() / 1000) + 3600);

let server: FakeProviderServer;
let files: CredentialsDir | undefined;

beforeEach(async () => {
  server = await startFakeProvider();
});
afterEach(async () => {
  assert.deepEqual(server.unexpected, []);
  await server.close();
  await files?.cleanup();
  files = undefined;
});

async function analyze(
  provider: 'anthropic' | 'openai' | 'gemini' | 'grok',
  values: Record<string, string>,
  extra: { prompt?: string; model?: string; idleTimeoutMs?: number; image?: ImageInput } = {},
) {
  files = await makeCredentialsDir(values);
  const codex = `${server.url}/codex`;
  const env = { ...providerBaseUrls(server), PEEKABOO_OPENAI_CODEX_BASE_URL: codex };
  const pieces: string[] = [];
  const result = await analyzeImage({
    provider,
    image: extra.image ?? PNG,
    prompt: extra.prompt,
    model: extra.model,
    idleTimeoutMs: extra.idleTimeoutMs,
    manager: new CredentialManager({ store: files.store, env }),
    env,
    onText: (piece) => pieces.push(piece),
  });
  return { result, pieces };
}

function bodyOf(path: string): unknown {
  const found = server.requests.filter((r: RecordedRequest) => r.path === path);
  assert.equal(found.length, 1);
  return JSON.parse((found[0] as RecordedRequest).body);
}

function streamRoute(path: string, provider: string, pieces = ['A red ', 'square.']) {
  server.route('POST', path, () => ({
    headers: { 'content-type': 'text/event-stream' },
    chunks: streamedAnswer(provider, pieces),
    chunkDelayMs: 1,
  }));
}

describe('analyzeImage: request bodies and streamed answers', () => {
  it('asks Anthropic with a base64 image block and the prompt, streamed', async () => {
    streamRoute('/anthropic/v1/messages', 'anthropic');
    const { result, pieces } = await analyze(
      'anthropic',
      { ANTHROPIC_API_KEY: 'sk-ant-key-0001' },
      { prompt: 'What colour?' },
    );

    assert.deepEqual(bodyOf('/anthropic/v1/messages'), {
      model: 'claude-sonnet-4-6',
      max_tokens: 4096,
      stream: true,
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'image',
              source: { type: 'base64', media_type: 'image/png', data: PNG_BASE64 },
            },
            { type: 'text', text: 'What colour?' },
          ],
        },
      ],
    });
    assert.deepEqual(pieces, ['A red ', 'square.']);
    assert.deepEqual(result, {
      provider: 'anthropic',
      model: 'claude-sonnet-4-6',
      auth: 'api-key',
      text: 'A red square.',
    });
  });

  it('opens an Anthropic OAuth request with the Claude Code system block', async () => {
    streamRoute('/anthropic/v1/messages', 'anthropic');
    const { result } = await analyze('anthropic', {
      ANTHROPIC_ACCESS_TOKEN: 'at-anthropic-0001',
      ANTHROPIC_REFRESH_TOKEN: 'rt-anthropic-0001',
      ANTHROPIC_ACCESS_EXPIRES: LATER,
    });

    const body = bodyOf('/anthropic/v1/messages') as Record<string, unknown>;
    assert.deepEqual(body.system, [
      { type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude." },
    ]);
    assert.equal(result.auth, 'oauth');
  });

  it('asks the Codex backend with instructions, input items, stream and store false', async () => {
    streamRoute('/codex/responses', 'openai');
    const { result } = await analyze(
      'openai',
      {
        OPENAI_ACCESS_TOKEN: fakeChatGptToken('acct_1'),
        OPENAI_REFRESH_TOKEN: 'rt-openai-0001',
        OPENAI_ACCESS_EXPIRES: LATER,
      },
      { model: 'gpt-5.5' },
    );

    assert.deepEqual(bodyOf('/codex/responses'), {
      model: 'gpt-5.5',
      instructions: OPENAI_IMAGE_INSTRUCTIONS,
      input: [
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_image', image_url: `data:image/png;base64,${PNG_BASE64}` },
            { type: 'input_text', text: 'Describe this image.' },
          ],
        },
      ],
      stream: true,
      store: false,
    });
    assert.equal(result.text, 'A red square.');
  });

  it('asks the OpenAI API with the same Responses body for an API key', async () => {
    streamRoute('/openai/responses', 'openai');
    await analyze('openai', { OPENAI_API_KEY: 'sk-openai-key-0001' });

    const body = bodyOf('/openai/responses') as Record<string, unknown>;
    assert.equal(body.model, 'gpt-5.4-mini');
    assert.equal(body.store, false);
    assert.equal(body.stream, true);
  });

  it('asks Gemini with inline data, the model in the path and no key in the URL', async () => {
    streamRoute('/gemini/models/gemini-flash-latest:streamGenerateContent', 'gemini');
    const { result } = await analyze('gemini', { GEMINI_API_KEY: 'AIza-gemini-key-0001' });

    const [request] = server.requests;
    const path = '/gemini/models/gemini-flash-latest:streamGenerateContent?alt=sse';
    assert.equal(request?.path, path);
    assert.deepEqual(JSON.parse(request?.body ?? ''), {
      contents: [
        {
          role: 'user',
          parts: [
            { inline_data: { mime_type: 'image/png', data: PNG_BASE64 } },
            { text: 'Describe this image.' },
          ],
        },
      ],
    });
    assert.equal(result.text, 'A red square.');
  });

  it('asks Grok with an image_url data URL in a streamed chat completion', async () => {
    streamRoute('/xai/chat/completions', 'grok');
    const { result } = await analyze('grok', { XAI_API_KEY: 'xai-key-0001' });

    assert.deepEqual(bodyOf('/xai/chat/completions'), {
      model: 'grok-4-1-fast-non-reasoning',
      stream: true,
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'image_url',
              image_url: { url: `data:image/png;base64,${PNG_BASE64}`, detail: 'high' },
            },
            { type: 'text', text: 'Describe this image.' },
          ],
        },
      ],
    });
    assert.equal(result.text, 'A red square.');
  });
});

describe('analyzeImage: failures', () => {
  it('reports an error the provider sends in the middle of its stream', async () => {
    server.route('POST', '/anthropic/v1/messages', () => ({
      headers: { 'content-type': 'text/event-stream' },
      chunks: [
        ...streamedAnswer('anthropic', ['Half']).slice(0, 2),
        sse([{ event: 'error', data: { type: 'error', error: { message: 'Overloaded' } } }]),
      ],
    }));

    await assert.rejects(analyze('anthropic', { ANTHROPIC_API_KEY: 'sk-ant-key-0001' }), {
      code: 'ERR_PROVIDER_REQUEST',
      message: 'Anthropic stopped with an error: Overloaded',
    });
  });

  it('scrubs the key out of an error the provider echoes in the middle of its stream', async () => {
    const key = 'sk-ant-echoed-key-0123456789';
    server.route('POST', '/anthropic/v1/messages', () => ({
      headers: { 'content-type': 'text/event-stream' },
      chunks: [
        ...streamedAnswer('anthropic', ['Half']).slice(0, 2),
        sse([{ event: 'error', data: { type: 'error', error: { message: `bad key ${key}` } } }]),
      ],
    }));

    await assert.rejects(analyze('anthropic', { ANTHROPIC_API_KEY: key }), {
      code: 'ERR_PROVIDER_REQUEST',
      message: 'Anthropic stopped with an error: bad key ***',
    });
  });

  it('gives up when the provider stays silent longer than the idle timeout', async () => {
    server.route('POST', '/xai/chat/completions', () => ({ hang: true }));

    await assert.rejects(
      analyze('grok', { XAI_API_KEY: 'xai-key-0001' }, { idleTimeoutMs: 200 }),
      {
        code: 'ERR_PROVIDER_TIMEOUT',
        message: 'Grok (xAI) sent nothing for 0.2s; gave up waiting',
      },
    );
  });

  it('refuses an image the provider does not take before sending anything', async () => {
    await assert.rejects(
      analyze(
        'gemini',
        { GEMINI_API_KEY: 'AIza-gemini-key-0001' },
        { image: { bytes: GIF_BYTES, mediaType: 'image/gif' } },
      ),
      { code: 'ERR_BAD_INPUT_FILE' },
    );
    assert.equal(server.requests.length, 0);
  });
});
