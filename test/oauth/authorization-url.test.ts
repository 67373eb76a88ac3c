import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildAuthorizationUrl } from '../../src/oauth/authorization-url.js';
import type { OAuthClientConfig } from '../../src/oauth/types.js';

const openai: OAuthClientConfig = {
  authorizationEndpoint: 'https://auth.openai.com/oauth/authorize',
  tokenEndpoint: 'https://auth.openai.com/oauth/token',
  clientId: 'app_EMoamEEZ73f0CkXaXp7hrann',
  redirectUri: 'http://localhost:1455/auth/callback',
  scope: 'openid profile email offline_access',
  extraAuthorizationParams: {
    id_token_add_organizations: 'true',
    codex_cli_simplified_flow: 'true',
    originator: 'peekaboo',
  },
  tokenRequestEncoding: 'form',
  sendStateInTokenRequest: false,
};

test('the authorization URL carries every parameter exactly once', () => {
  const url = buildAuthorizationUrl(openai, { codeChallenge: 'challenge-1', state: 'state-1' });

  assert.equal(`${url.origin}${url.pathname}`, 'https://auth.openai.com/oauth/authorize');
  assert.deepEqual([...url.searchParams].sort(), [
    ['client_id', 'app_EMoamEEZ73f0CkXaXp7hrann'],
    ['code_challenge', 'challenge-1'],
    ['code_challenge_method', 'S256'],
    ['codex_cli_simplified_flow', 'true'],
    ['id_token_add_organizations', 'true'],
    ['originator', 'peekaboo'],
    ['redirect_uri', 'http://localhost:1455/auth/callback'],
    ['response_type', 'code'],
    ['scope', 'openid profile email offline_access'],
    ['state', 'state-1'],
  ]);
});

test('the extra code=true parameter of Anthropic does not disturb the standard ones', () => {
  const anthropic: OAuthClientConfig = {
    ...openai,
    authorizationEndpoint: 'https://claude.ai/oauth/authorize',
    redirectUri: 'https://platform.claude.com/oauth/code/callback',
    extraAuthorizationParams: { code: 'true' },
  };
  const url = buildAuthorizationUrl(anthropic, { codeChallenge: 'c', state: 's' });
  assert.equal(url.searchParams.get('code'), 'true');
  assert.equal(url.searchParams.get('response_type'), 'code');
  assert.equal(url.searchParams.getAll('code').length, 1);
});

test('query parameters already in the endpoint URL are kept', () => {
  const url = buildAuthorizationUrl(
    { ...openai, authorizationEndpoint: 'https://proxy.example/authorize?tenant=a' },
    { codeChallenge: 'c', state: 's' },
  );
  assert.equal(url.searchParams.get('tenant'), 'a');
});

test('an extra parameter that would replace a standard one is refused', () => {
  for (const name of ['state', 'redirect_uri', 'code_challenge_method']) {
    assert.throws(
      () =>
        buildAuthorizationUrl(
          { ...openai, extraAuthorizationParams: { [name]: 'x' } },
          { codeChallenge: 'c', state: 's' },
        ),
      { code: 'ERR_INVALID_VALUE' },
    );
  }
});
