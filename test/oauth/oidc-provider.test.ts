// Conformance: our OAuth client against a real, certified authorization server
// (oidc-provider), not only against our own fake. The "browser" is plain HTTP with a
// cookie jar; login and consent complete themselves through interactionFinished.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { buildAuthorizationUrl } from '../../src/oauth/authorization-url.js';
import { runAuthorizationCodeFlow } from '../../src/oauth/login-flow.js';
import { parsePastedCode } from '../../src/oauth/pasted-code.js';
import { createPkcePair, createState } from '../../src/oauth/pkce.js';
import {
  exchangeAuthorizationCode,
  refreshAccessToken,
  revokeToken,
} from '../../src/oauth/token-endpoint.js';
import type { OAuthClientConfig, TokenSet } from '../../src/oauth/types.js';

/** The small part of oidc-provider's API this test uses; the package ships no types. */
interface OidcProvider {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: Record<string, unknown>,
  ): Promise<void>;
  Grant: new (init: { accountId: string; clientId: string }) => {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  };
}
interface Interaction {
  prompt: { name: string; details: { missingOIDCScope?: string[] } };
  params: { client_id: string };
  session?: { accountId: string };
}
type Owned = { clientId: string };
type OidcModule = { Provider: new (issuer: string, config: object) => OidcProvider };

const CLIENT_ID = 'peekaboo-conformance';
const TIMEOUT = { timeoutMs: 5_000 };
let issuer: string;
let config: OAuthClientConfig;
let provider: OidcProvider;
const server = createServer((req, res) => {
  if (req.url?.startsWith('/interaction/')) void completeInteraction(req, res);
  else provider.callback()(req, res);
});

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const redirectUri = `${issuer}/never-opened/callback`;
  provider = await startProvider(issuer, redirectUri);
  config = {
    authorizationEndpoint: `${issuer}/auth`,
    tokenEndpoint: `${issuer}/token`,
    revocationEndpoint: `${issuer}/token/revocation`,
    clientId: CLIENT_ID,
    redirectUri,
    scope: 'openid offline_access',
    // oidc-provider grants offline_access (a refresh token) only with an explicit consent.
    extraAuthorizationParams: { prompt: 'consent' },
    tokenRequestEncoding: 'form',
    sendStateInTokenRequest: false,
  };
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function startProvider(issuerUrl: string, redirectUri: string): Promise<OidcProvider> {
  // oidc-provider announces its development defaults (memory adapter, generated keys,
  // runtime version) on console.warn while loading; they say nothing about our client.
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).startsWith('oidc-provider ')) warn(...args);
  };
  try {
    const moduleName = 'oidc-provider';
    const { Provider } = (await import(moduleName)) as OidcModule;
    return new Provider(issuerUrl, {
      clients: [
        {
          client_id: CLIENT_ID,
          application_type: 'native',
          token_endpoint_auth_method: 'none',
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          redirect_uris: [redirectUri],
        },
      ],
      cookies: { keys: ['conformance-test-cookie-key'] },
      features: {
        devInteractions: { enabled: false },
        revocation: {
          enabled: true,
          allowedPolicy: (_ctx: unknown, client: Owned, token: Owned) =>
            token.clientId === client.clientId,
        },
      },
      findAccount: (_ctx: unknown, sub: string) => ({ accountId: sub, claims: () => ({ sub }) }),
      interactions: { url: (_ctx: unknown, i: { uid: string }) => `/interaction/${i.uid}` },
      rotateRefreshToken: true,
      // Explicit lifetimes (seconds) keep oidc-provider from noting its defaults.
      ttl: {
        AccessToken: 3600,
        AuthorizationCode: 60,
        Grant: 3600,
        IdToken: 3600,
        Interaction: 600,
        RefreshToken: 86_400,
        Session: 3600,
      },
    });
  } finally {
    console.warn = warn;
  }
}

/** Stands in for the login and consent pages: every prompt is accepted at once. */
async function completeInteraction(req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      await provider.interactionFinished(req, res, { login: { accountId: 'user-1' } });
      return;
    }
    const grant = new provider.Grant({
      accountId: details.session?.accountId ?? 'user-1',
      clientId: details.params.client_id,
    });
    const scope = details.prompt.details.missingOIDCScope;
    if (scope) grant.addOIDCScope(scope.join(' '));
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } });
  } catch (error) {
    res.statusCode = 500;
    res.end(String(error));
  }
}

/** Follows redirects with cookies until one leaves for the redirect URI; returns it. */
async function signInLikeABrowser(authorizationUrl: URL): Promise<string> {
  const jar = new Map<string, string>();
  let next = authorizationUrl.href;
  for (let hop = 0; hop < 10; hop += 1) {
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const answer = await fetch(next, { redirect: 'manual', headers: { cookie } });
    for (const line of answer.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const [name = '', value = ''] = pair.trim().split(/=(.*)/s);
      const expired = attributes.some((a) => /^\s*(max-age=0|expires=.*1970)/i.test(a));
      if (expired) jar.delete(name);
      else jar.set(name, value);
    }
    const location = answer.headers.get('location');
    assert.ok(location, `hop ${hop} ended with HTTP ${answer.status}: ${await answer.text()}`);
    next = new URL(location, next).href;
    if (next.startsWith(config.redirectUri)) return next;
  }
  assert.fail('too many redirects');
}

async function login(): Promise<TokenSet> {
  const { codeVerifier, codeChallenge } = createPkcePair();
  const state = createState();
  const callback = await signInLikeABrowser(
    buildAuthorizationUrl(config, { codeChallenge, state }),
  );
  const pasted = parsePastedCode(callback, config.redirectUri);
  assert.equal(pasted.state, state);
  return exchangeAuthorizationCode(config, { code: pasted.code, codeVerifier }, TIMEOUT);
}

test('a real authorization code with PKCE is exchanged for tokens', async () => {
  const tokens = await login();
  assert.ok(tokens.accessToken.length > 10);
  assert.ok(tokens.refreshToken && tokens.refreshToken.length > 10);
  assert.ok(tokens.idToken, 'openid scope brings an ID token');
  assert.ok(tokens.expiresIn > 0 && tokens.expiresIn <= 3600, String(tokens.expiresIn));
});

test('a code without the right verifier is refused as a bad code', async () => {
  const { codeChallenge } = createPkcePair();
  const callback = await signInLikeABrowser(
    buildAuthorizationUrl(config, { codeChallenge, state: createState() }),
  );
  const { code } = parsePastedCode(callback, config.redirectUri);
  const wrongVerifier = createPkcePair().codeVerifier;
  await assert.rejects(
    exchangeAuthorizationCode(config, { code, codeVerifier: wrongVerifier }, TIMEOUT),
    { code: 'ERR_OAUTH_BAD_CODE', error: 'invalid_grant' },
  );
});

test('refresh rotates the refresh token; the old one is then rejected', async () => {
  const first = await login();
  assert.ok(first.refreshToken);

  const second = await refreshAccessToken(config, first.refreshToken, TIMEOUT);
  assert.notEqual(second.accessToken, first.accessToken);
  assert.ok(second.refreshToken && second.refreshToken !== first.refreshToken);

  await assert.rejects(refreshAccessToken(config, first.refreshToken, TIMEOUT), (error: Error) => {
    assert.equal((error as { code?: string }).code, 'ERR_REFRESH_REJECTED');
    assert.ok(!error.message.includes(first.refreshToken ?? ''));
    return true;
  });
});

test('a revoked refresh token can no longer be used', async () => {
  const tokens = await login();
  assert.ok(tokens.refreshToken);

  await revokeToken(config, tokens.refreshToken, { ...TIMEOUT, tokenTypeHint: 'refresh_token' });

  await assert.rejects(refreshAccessToken(config, tokens.refreshToken, TIMEOUT), {
    code: 'ERR_REFRESH_REJECTED',
  });
});

test('the whole login flow, with the callback URL pasted, works end to end', async () => {
  let callback = '';
  const tokens = await runAuthorizationCodeFlow(
    config,
    {
      onAuthorizationUrl: async (url) => {
        callback = await signInLikeABrowser(url);
      },
      readPastedCode: async () => callback,
    },
    { ...TIMEOUT, useCallbackServer: false },
  );
  assert.ok(tokens.refreshToken);
  assert.ok(await refreshAccessToken(config, tokens.refreshToken, TIMEOUT));
});
