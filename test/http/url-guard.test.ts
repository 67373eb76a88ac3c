import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PeekabooUsageError } from '../../src/errors.js';
import { assertSafeUrl } from '../../src/http/url-guard.js';
import { findProvider, resolveApiBaseUrl } from '../../src/providers/registry.js';

const refused = (error: unknown) =>
  error instanceof PeekabooUsageError && error.code === 'ERR_UNSAFE_URL';

describe('base URL overrides', () => {
  it('accepts https anywhere and http to loopback addresses only', () => {
    for (const url of [
      'https://proxy.example.com/v1',
      'HTTPS://PROXY.EXAMPLE.COM',
      'http://127.0.0.1:8080',
      'http://127.9.9.9',
      'http://localhost:1234/v1',
      'http://[::1]:5000',
    ]) {
      assert.doesNotThrow(() => assertSafeUrl(url, 'OPENAI_BASE_URL'), url);
    }
  });

  it('refuses clear text to other hosts, credentials in the URL, and non-URLs', () => {
    for (const url of [
      'http://example.com',
      'http://10.0.0.1:8080',
      'http://127.0.0.1.nip.io',
      'http://localhost.example.com',
      'http://0.0.0.0:80',
      'ftp://127.0.0.1',
      'https://user:secret@proxy.example.com',
      'not a url',
      '/v1',
    ]) {
      assert.throws(() => assertSafeUrl(url, 'OPENAI_BASE_URL'), refused, url);
    }
  });

  it("names the setting in the refusal and never echoes a URL's password", () => {
    assert.throws(
      () => assertSafeUrl('https://me:hunter2-password@proxy.example.com', 'XAI_BASE_URL'),
      (error: unknown) => {
        assert.ok(refused(error));
        const { message, hint } = error as PeekabooUsageError;
        assert.match(message, /^XAI_BASE_URL must be https:\/\//);
        assert.ok(!message.includes('hunter2'), message);
        assert.equal(hint, 'unset XAI_BASE_URL');
        return true;
      },
    );
  });

  it("uses each provider's default, or its override without a trailing slash", () => {
    const anthropic = findProvider('anthropic');
    assert.equal(resolveApiBaseUrl(anthropic, {}), 'https://api.anthropic.com');
    const env = { ANTHROPIC_BASE_URL: 'http://127.0.0.1:9/proxy//' };
    assert.equal(resolveApiBaseUrl(anthropic, env), 'http://127.0.0.1:9/proxy');
    assert.equal(resolveApiBaseUrl(findProvider('gemini'), { GEMINI_BASE_URL: '' }),
      'https://generativelanguage.googleapis.com/v1beta');
    assert.equal(resolveApiBaseUrl(findProvider('grok'), {}), 'https://api.x.ai/v1');
    assert.equal(resolveApiBaseUrl(findProvider('openai'), {}), 'https://api.openai.com/v1');
  });
});
