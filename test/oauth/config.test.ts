import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveOAuthClientConfig, type OAuthProviderFacts } from '../../src/oauth/config.js';

const facts: OAuthProviderFacts = {
  envPrefix: 'OPENAI',
  authorizationEndpoint: 'https://auth.openai.com/oauth/authorize',
  tokenEndpoint: 'https://auth.openai.com/oauth/token',
  revocationEndpoint: 'https://auth.openai.com/oauth/revoke',
  clientId: 'app_EMoamEEZ73f0CkXaXp7hrann',
  redirectUri: 'http://localhost:1455/auth/callback',
  fallbackRedirectUri: 'http://localhost:1457/auth/callback',
  scope: 'openid profile email offline_access',
  extraAuthorizationParams: { originator: 'peekaboo' },
  tokenRequestEncoding: 'form',
  sendStateInTokenRequest: false,
};

test('without overrides the facts come through and envPrefix stays behind', () => {
  const config = resolveOAuthClientConfig(facts, {});
  const expected: Partial<OAuthProviderFacts> = { ...facts };
  delete expected.envPrefix;
  assert.deepEqual(config, expected);
  assert.ok(!('envPrefix' in config));
});

test('every PEEKABOO_OPENAI_* variable replaces its fact', () => {
  const config = resolveOAuthClientConfig(facts, {
    PEEKABOO_OPENAI_AUTHORIZE_URL: 'http://127.0.0.1:4000/oauth/authorize',
    PEEKABOO_OPENAI_TOKEN_URL: 'http://127.0.0.1:4000/oauth/token',
    PEEKABOO_OPENAI_REVOKE_URL: 'http://127.0.0.1:4000/oauth/revoke',
    PEEKABOO_OPENAI_CLIENT_ID: 'test-client',
    PEEKABOO_OPENAI_REDIRECT_URI: 'http://127.0.0.1:5000/cb',
  });
  assert.equal(config.authorizationEndpoint, 'http://127.0.0.1:4000/oauth/authorize');
  assert.equal(config.tokenEndpoint, 'http://127.0.0.1:4000/oauth/token');
  assert.equal(config.revocationEndpoint, 'http://127.0.0.1:4000/oauth/revoke');
  assert.equal(config.clientId, 'test-client');
  assert.equal(config.redirectUri, 'http://127.0.0.1:5000/cb');
  assert.equal(config.fallbackRedirectUri, undefined, 'the fallback belongs to the original');
});

test('variables of the other provider are ignored and empty ones count as unset', () => {
  const config = resolveOAuthClientConfig(facts, {
    PEEKABOO_ANTHROPIC_TOKEN_URL: 'http://127.0.0.1:1/token',
    PEEKABOO_OPENAI_CLIENT_ID: '',
  });
  assert.equal(config.tokenEndpoint, facts.tokenEndpoint);
  assert.equal(config.clientId, facts.clientId);
});

test('a clear-text URL to a remote host is refused, naming the variable', () => {
  for (const suffix of ['AUTHORIZE_URL', 'TOKEN_URL', 'REVOKE_URL', 'REDIRECT_URI']) {
    const name = `PEEKABOO_OPENAI_${suffix}`;
    assert.throws(
      () => resolveOAuthClientConfig(facts, { [name]: 'http://evil.example/x' }),
      (error: Error & { code?: string }) =>
        error.code === 'ERR_UNSAFE_URL' && error.message.includes(name),
    );
  }
});

test('a client id with a space or a line break is refused', () => {
  for (const value of ['a b', 'a\nb']) {
    assert.throws(
      () => resolveOAuthClientConfig(facts, { PEEKABOO_OPENAI_CLIENT_ID: value }),
      { code: 'ERR_INVALID_VALUE' },
    );
  }
});

test('a revocation URL can be added for a provider that has none', () => {
  const noRevoke: OAuthProviderFacts = { ...facts };
  delete noRevoke.revocationEndpoint;
  const config = resolveOAuthClientConfig(
    { ...noRevoke, envPrefix: 'ANTHROPIC' },
    { PEEKABOO_ANTHROPIC_REVOKE_URL: 'https://proxy.example/revoke' },
  );
  assert.equal(config.revocationEndpoint, 'https://proxy.example/revoke');
  assert.equal(resolveOAuthClientConfig(noRevoke, {}).revocationEndpoint, undefined);
});
