import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveCredential } from '../../src/auth/resolve-credential.js';
import { findProvider } from '../../src/providers/registry.js';

const file = (entries: Record<string, string>) => new Map(Object.entries(entries));

function pick(id: string, values: Record<string, string>, env: Record<string, string> = {}) {
  const found = resolveCredential(findProvider(id), file(values), env);
  if (!found) return undefined;
  assert.equal(found.provider.id, findProvider(id).id);
  return Object.fromEntries(Object.entries(found).filter(([key]) => key !== 'provider'));
}

describe('resolveCredential', () => {
  it('takes the environment first, then OAuth tokens in the file, then the file API key', () => {
    const stored = {
      OPENAI_API_KEY: 'file-key',
      OPENAI_ACCESS_TOKEN: 'file-access',
      OPENAI_REFRESH_TOKEN: 'file-refresh',
      OPENAI_ACCESS_EXPIRES: '1900000000',
    };
    assert.deepEqual(pick('openai', stored, { OPENAI_API_KEY: 'env-key' }), {
      kind: 'api-key',
      secret: 'env-key',
      source: { kind: 'env', key: 'OPENAI_API_KEY' },
      shadowed: [
        { kind: 'file', key: 'OPENAI_ACCESS_TOKEN' },
        { kind: 'file', key: 'OPENAI_API_KEY' },
      ],
    });
    assert.deepEqual(pick('openai', stored), {
      kind: 'oauth',
      secret: 'file-access',
      source: { kind: 'file', key: 'OPENAI_ACCESS_TOKEN' },
      expiresAt: 1900000000,
      refreshToken: 'file-refresh',
      shadowed: [],
    });
    assert.deepEqual(pick('openai', { OPENAI_API_KEY: 'file-key' }), {
      kind: 'api-key',
      secret: 'file-key',
      source: { kind: 'file', key: 'OPENAI_API_KEY' },
      shadowed: [],
    });
  });

  it('counts a refresh token alone as an OAuth credential still to be refreshed', () => {
    const found = pick('anthropic', { ANTHROPIC_REFRESH_TOKEN: 'r', ANTHROPIC_API_KEY: 'k' });
    assert.equal(found?.kind, 'oauth');
    assert.equal(found?.secret, '');
    assert.equal(found?.refreshToken, 'r');
  });

  it('reads the grok names in order, in the environment and then in the file', () => {
    const env = { GROK_API_KEY: 'env-grok', XAI_API_KEY: 'env-xai' };
    assert.deepEqual(pick('grok', {}, env)?.source, { kind: 'env', key: 'XAI_API_KEY' });
    assert.deepEqual(pick('grok', { X_AI_API_KEY: 'f' }, { GROK_API_KEY: 'e' })?.source, {
      kind: 'env',
      key: 'GROK_API_KEY',
    });
    const inFile = { GROK_API_KEY: 'g', XAI_API_KEY: 'x', X_AI_API_KEY: 'x_ai' };
    assert.deepEqual(pick('grok', inFile)?.source, { kind: 'file', key: 'X_AI_API_KEY' });
    assert.deepEqual(pick('grok', { GROK_API_KEY: 'g' })?.source, {
      kind: 'file',
      key: 'GROK_API_KEY',
    });
  });

  it('reads GOOGLE_API_KEY after GEMINI_API_KEY for gemini', () => {
    const both = { GEMINI_API_KEY: 'gem', GOOGLE_API_KEY: 'goo' };
    assert.equal(pick('gemini', {}, both)?.secret, 'gem');
    assert.equal(pick('gemini', both)?.secret, 'gem');
    assert.equal(pick('gemini', { GOOGLE_API_KEY: 'goo' })?.secret, 'goo');
  });

  it('ignores empty values and blank environment variables', () => {
    assert.equal(pick('openai', { OPENAI_API_KEY: '' }, { OPENAI_API_KEY: '   ' }), undefined);
    assert.equal(pick('openai', { OPENAI_ACCESS_TOKEN: '', OPENAI_REFRESH_TOKEN: '' }), undefined);
  });

  it('trims an environment key and leaves an unreadable expiry out', () => {
    assert.equal(pick('openai', {}, { OPENAI_API_KEY: '  env-key \n' })?.secret, 'env-key');
    const found = pick('openai', { OPENAI_ACCESS_TOKEN: 'a', OPENAI_ACCESS_EXPIRES: 'soon' });
    assert.equal(found?.expiresAt, undefined);
  });
});
