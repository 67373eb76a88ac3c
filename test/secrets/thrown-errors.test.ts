// Library functions that fail, called with marker secrets against servers (fetch doubles)
// that quote every secret back: no marker may reach what a caller would log, an error's
// message, its JSON or its util.inspect form, nor a result that reports the failure.
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { afterEach, describe, it } from 'node:test';
import { CredentialManager } from '../../src/auth/credential-manager.js';
import { loginWithOAuth } from '../../src/auth/login.js';
import { logoutOAuth } from '../../src/auth/logout.js';
import { validateCredential } from '../../src/auth/validate.js';
import { PeekabooError, type PeekabooErrorCode } from '../../src/errors.js';
import {
  exchangeAuthorizationCode,
  refreshAccessToken,
  revokeToken,
} from '../../src/oauth/token-endpoint.js';
import type { OAuthClientConfig } from '../../src/oauth/types.js';
import { findProvider } from '../../src/providers/registry.js';
import type { ProviderId } from '../../src/providers/types.js';
import { analyzeImage } from '../../src/requests/analyze-image.js';
import { createProviderFetch } from '../../src/requests/provider-fetch.js';
import { PNG_BYTES } from '../fakes/provider-answers.js';
import { makeCredentialsDir, type CredentialsDir } from '../helpers/credentials-dir.js';
import {
  fetchDouble,
  htmlEcho,
  oauthEcho,
  providerEcho,
  redirectEcho,
  routed,
  throwEcho,
  type Reply,
} from './echo-fetch.js';

const M = {
  apiKey: 'sk-lib-spill-key-4e8f2a6c1b',
  access: 'lib-spill-access-9d3c7b0e5a',
  refresh: 'lib-spill-refresh-2f6a8c4e1d',
  code: 'lib-spill-code-7b1e9d3f5a',
  verifier: 'lib-spill-verifier-0123456789abcdefghijklmnopqrstuvwxyz',
};

/** Loopback everywhere: even a call that slipped past its double would stay on this host. */
const LOOPBACK = 'https://127.0.0.1:9';
const ENV = {
  OPENAI_BASE_URL: `${LOOPBACK}/v1`,
  ANTHROPIC_BASE_URL: LOOPBACK,
  XAI_BASE_URL: `${LOOPBACK}/v1`,
  GEMINI_BASE_URL: `${LOOPBACK}/v1beta`,
  PEEKABOO_OPENAI_CODEX_BASE_URL: `${LOOPBACK}/codex`,
  PEEKABOO_OPENAI_TOKEN_URL: `${LOOPBACK}/oauth/token`,
  PEEKABOO_OPENAI_REVOKE_URL: `${LOOPBACK}/oauth/revoke`,
  PEEKABOO_ANTHROPIC_TOKEN_URL: `${LOOPBACK}/oauth/token`,
};
const CONFIG: OAuthClientConfig = {
  authorizationEndpoint: `${LOOPBACK}/oauth/authorize`,
  tokenEndpoint: `${LOOPBACK}/oauth/token`,
  revocationEndpoint: `${LOOPBACK}/oauth/revoke`,
  clientId: 'lib-spill-client',
  redirectUri: 'https://127.0.0.1:9/callback',
  scope: 'openid',
  extraAuthorizationParams: {},
  tokenRequestEncoding: 'form',
  sendStateInTokenRequest: false,
};
type Fetch = typeof globalThis.fetch;
const NOW = () => Math.floor(Date.now() / 1000);

const dirs: CredentialsDir[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => dir.cleanup()));
});

/** A credentials file holding every marker: an API key and OAuth tokens for both logins. */
async function markedStore(expiresIn = 3600) {
  const expires = String(NOW() + expiresIn);
  const dir = await makeCredentialsDir({
    OPENAI_API_KEY: M.apiKey,
    OPENAI_ACCESS_TOKEN: M.access,
    OPENAI_REFRESH_TOKEN: M.refresh,
    OPENAI_ACCESS_EXPIRES: expires,
    ANTHROPIC_ACCESS_TOKEN: M.access,
    ANTHROPIC_REFRESH_TOKEN: M.refresh,
    ANTHROPIC_ACCESS_EXPIRES: expires,
    X_AI_API_KEY: M.apiKey,
  });
  dirs.push(dir);
  return dir.store;
}

/** A failure and what it must be: an error with this code, or a result reporting it. */
interface LibraryCase {
  name: string;
  reply: Reply;
  code: PeekabooErrorCode | 'invalid result' | 'failed revocation';
  call(fetch: Fetch): Promise<unknown>;
}

const apiKey = (provider: string) => ({
  provider: findProvider(provider),
  kind: 'api-key' as const,
  secret: M.apiKey,
  source: { kind: 'file' as const, key: 'KEY' },
  shadowed: [],
});
const options = (fetch: Fetch) => ({ timeoutMs: 5_000, fetch });
const exchange = (fetch: Fetch) =>
  exchangeAuthorizationCode(CONFIG, { code: M.code, codeVerifier: M.verifier }, options(fetch));
const providerFetch = async (provider: ProviderId, fetch: Fetch) => {
  const manager = new CredentialManager({ store: await markedStore(), env: ENV, fetch });
  return createProviderFetch({ provider, manager, env: ENV, fetch })({ body: { model: 'm' } });
};

const CASES: LibraryCase[] = [
  {
    name: 'validateCredential: a 401 that quotes the key',
    reply: providerEcho(401),
    code: 'invalid result',
    call: (fetch) => validateCredential(apiKey('openai'), { env: ENV, ...options(fetch) }),
  },
  {
    name: 'validateCredential: a network failure that quotes the request',
    reply: throwEcho,
    code: 'invalid result',
    call: (fetch) => validateCredential(apiKey('gemini'), { env: ENV, ...options(fetch) }),
  },
  {
    name: 'refreshAccessToken: invalid_grant quoting the refresh token',
    reply: oauthEcho(400),
    code: 'ERR_REFRESH_REJECTED',
    call: (fetch) => refreshAccessToken(CONFIG, M.refresh, options(fetch)),
  },
  {
    name: 'refreshAccessToken: a 503 quoting the refresh token',
    reply: oauthEcho(503),
    code: 'ERR_REFRESH_TRANSIENT',
    call: (fetch) => refreshAccessToken(CONFIG, M.refresh, options(fetch)),
  },
  {
    name: 'refreshAccessToken: an HTML page quoting the refresh token',
    reply: htmlEcho,
    code: 'ERR_OAUTH_BAD_RESPONSE',
    call: (fetch) => refreshAccessToken(CONFIG, M.refresh, options(fetch)),
  },
  {
    name: 'refreshAccessToken: a redirect that carries the request on',
    reply: redirectEcho,
    code: 'ERR_OAUTH_BAD_RESPONSE',
    call: (fetch) => refreshAccessToken(CONFIG, M.refresh, options(fetch)),
  },
  {
    name: 'refreshAccessToken: a network failure quoting the request',
    reply: throwEcho,
    code: 'ERR_REFRESH_TRANSIENT',
    call: (fetch) => refreshAccessToken(CONFIG, M.refresh, options(fetch)),
  },
  {
    name: 'exchangeAuthorizationCode: invalid_grant quoting the code and verifier',
    reply: oauthEcho(400),
    code: 'ERR_OAUTH_BAD_CODE',
    call: exchange,
  },
  {
    name: 'exchangeAuthorizationCode: a 500 quoting the code and verifier',
    reply: oauthEcho(500),
    code: 'ERR_OAUTH_TOKEN_ENDPOINT',
    call: exchange,
  },
  {
    name: 'exchangeAuthorizationCode: a network failure quoting the request',
    reply: throwEcho,
    code: 'ERR_OAUTH_TOKEN_ENDPOINT',
    call: exchange,
  },
  {
    name: 'exchangeAuthorizationCode: tokens with a line break around a marker',
    reply: () =>
      Response.json({ access_token: `${M.access}\nX=1`, refresh_token: M.refresh, expires_in: 1 }),
    code: 'ERR_INVALID_VALUE',
    call: exchange,
  },
  {
    name: 'revokeToken: a refusal quoting the token',
    reply: oauthEcho(400),
    code: 'ERR_OAUTH_TOKEN_ENDPOINT',
    call: (fetch) => revokeToken(CONFIG, M.refresh, options(fetch)),
  },
  {
    name: 'createProviderFetch: a 401 quoting the API key',
    reply: providerEcho(401),
    code: 'ERR_PROVIDER_REQUEST',
    call: (fetch) => providerFetch('grok', fetch),
  },
  {
    name: 'createProviderFetch: a network failure quoting the request',
    reply: throwEcho,
    code: 'ERR_PROVIDER_REQUEST',
    call: (fetch) => providerFetch('grok', fetch),
  },
  {
    name: 'createProviderFetch: a redirect that would carry the key on',
    reply: redirectEcho,
    code: 'ERR_PROVIDER_REQUEST',
    call: (fetch) => providerFetch('grok', fetch),
  },
  {
    name: 'createProviderFetch: a 401 to an OAuth token, then a refused refresh, both quoting',
    reply: routed(oauthEcho(400), providerEcho(401)),
    code: 'ERR_REFRESH_REJECTED',
    call: (fetch) => providerFetch('anthropic', fetch),
  },
  {
    name: 'CredentialManager: an expired token whose refresh meets a 503 quoting it',
    reply: oauthEcho(503),
    code: 'ERR_REFRESH_TRANSIENT',
    call: async (fetch) => {
      const store = await markedStore(-600);
      return new CredentialManager({ store, env: ENV, fetch }).getCredential('openai');
    },
  },
  {
    name: 'CredentialStore: a value with a line break, refused before writing',
    reply: throwEcho,
    code: 'ERR_INVALID_VALUE',
    call: async () => (await markedStore()).write({ OPENAI_API_KEY: `${M.apiKey}\nX=1` }),
  },
  {
    name: 'logoutOAuth: a revocation refusal quoting the refresh token',
    reply: oauthEcho(400),
    code: 'failed revocation',
    call: async (fetch) => logoutOAuth(await markedStore(), 'openai', { env: ENV, fetch }),
  },
  {
    name: 'loginWithOAuth: a pasted code the token endpoint refuses, quoting code and verifier',
    reply: oauthEcho(400),
    code: 'ERR_OAUTH_BAD_CODE',
    call: async (fetch) =>
      loginWithOAuth(
        await markedStore(),
        'anthropic',
        { onAuthorizationUrl: () => undefined, readPastedCode: async () => M.code },
        { env: ENV, fetch, timeoutMs: 5_000, useCallbackServer: false },
      ),
  },
  {
    name: 'analyzeImage: a 401 quoting the API key',
    reply: providerEcho(401),
    code: 'ERR_PROVIDER_REQUEST',
    call: async (fetch) => {
      const env = { ...ENV, OPENAI_API_KEY: M.apiKey };
      return analyzeImage({
        provider: 'openai',
        image: { bytes: new Uint8Array(PNG_BYTES), mediaType: 'image/png' },
        manager: new CredentialManager({ store: await markedStore(), env, fetch }),
        env,
        fetch,
      });
    },
  },
];

/** The verifiers a login made up itself, read back from the bodies it sent. */
function sentVerifiers(bodies: string[]): string[] {
  return bodies.flatMap((body) => {
    const fromJson = /"code_verifier":"([^"]+)"/.exec(body)?.[1];
    return [fromJson ?? new URLSearchParams(body).get('code_verifier') ?? ''];
  });
}

describe('errors thrown by the library never hold a secret', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const bodies: string[] = [];
      const outcome = await c.call(fetchDouble(c.reply, bodies)).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      const markers = [...Object.values(M), ...sentVerifiers(bodies)].filter((m) => m !== '');

      let views: string[];
      if ('error' in outcome) {
        const error = outcome.error as PeekabooError;
        assert.ok(error instanceof PeekabooError, `not a PeekabooError: ${inspect(error)}`);
        assert.equal(error.code, c.code, error.message);
        const everything = inspect(error, { depth: 10, showHidden: true });
        views = [error.message, String(error), JSON.stringify(error), everything];
      } else {
        const value = outcome.value as { status?: string; revocation?: string };
        const expected = c.code === 'invalid result' ? value.status : value.revocation;
        assert.equal(expected, c.code === 'invalid result' ? 'invalid' : 'failed');
        views = [JSON.stringify(value), inspect(value, { depth: 10 })];
      }
      for (const view of views) {
        for (const marker of markers) {
          assert.ok(!view.includes(marker), `${marker} in:\n${view}`);
        }
      }
    });
  }
});
