import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResolvedCredential } from '../../src/auth/credential.js';
import { findProvider } from '../../src/providers/registry.js';
import { resolveModel } from '../../src/requests/model.js';
import { protocolFor } from '../../src/requests/protocols/index.js';
import { fakeChatGptToken } from '../fakes/provider-answers.js';

function credential(id: string, kind: 'oauth' | 'api-key', secret: string): ResolvedCredential {
  const provider = findProvider(id);
  return { provider, kind, secret, source: { kind: 'file', key: 'X' }, shadowed: [] };
}

describe('endpoints without overrides', () => {
  it('sends ChatGPT sign-ins to the Codex backend on chatgpt.com', () => {
    const signedIn = credential('openai', 'oauth', fakeChatGptToken('acct_1'));
    const endpoint = protocolFor(signedIn.provider).endpoint(signedIn, { env: {} });
    assert.equal(endpoint.url, 'https://chatgpt.com/backend-api/codex/responses');
  });

  it("uses each provider's public API base URL", () => {
    const urls = [
      ['openai', 'https://api.openai.com/v1/responses'],
      ['anthropic', 'https://api.anthropic.com/v1/messages'],
      ['grok', 'https://api.x.ai/v1/chat/completions'],
      [
        'gemini',
        'https://generativelanguage.googleapis.com/v1beta/models/' +
          'gemini-flash-latest:streamGenerateContent?alt=sse',
      ],
    ];
    for (const [id, url] of urls) {
      const key = credential(id as string, 'api-key', 'key-0001');
      const endpoint = protocolFor(key.provider).endpoint(key, {
        env: {},
        model: 'gemini-flash-latest',
      });
      assert.equal(endpoint.url, url);
    }
  });

  it('takes the Codex base URL override without its trailing slash', () => {
    const signedIn = credential('openai', 'oauth', fakeChatGptToken('acct_1'));
    const env = { PEEKABOO_OPENAI_CODEX_BASE_URL: 'https://proxy.example/codex/' };
    const endpoint = protocolFor(signedIn.provider).endpoint(signedIn, { env });
    assert.equal(endpoint.url, 'https://proxy.example/codex/responses');
  });
});

describe('model choice', () => {
  const anthropic = findProvider('anthropic');

  it('prefers the given model, then PEEKABOO_<P>_MODEL, then the default', () => {
    const env = { PEEKABOO_ANTHROPIC_MODEL: 'claude-from-env' };
    assert.equal(resolveModel(anthropic, { model: 'claude-given', env }), 'claude-given');
    assert.equal(resolveModel(anthropic, { env }), 'claude-from-env');
    assert.equal(resolveModel(anthropic, { env: {} }), 'claude-sonnet-4-6');
    assert.equal(resolveModel(findProvider('xai'), { env: { PEEKABOO_GROK_MODEL: 'g' } }), 'g');
  });

  it('refuses an empty model name or one with spaces', () => {
    assert.throws(() => resolveModel(anthropic, { model: '' }), { code: 'ERR_INVALID_VALUE' });
    assert.throws(() => resolveModel(anthropic, { model: 'a b' }), { code: 'ERR_INVALID_VALUE' });
  });
});
