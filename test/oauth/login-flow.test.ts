import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, test } from 'node:test';
import { runAuthorizationCodeFlow, type LoginHooks } from '../../src/oauth/login-flow.js';
import type { OAuthClientConfig } from '../../src/oauth/types.js';
import {
  fakeClientConfig,
  openAuthorizationUrl,
  startFakeOAuthServer,
  type FakeOAuthServer,
} from '../fakes/oauth-server.js';

let fake: FakeOAuthServer;
before(async () => {
  fake = await startFakeOAuthServer();
});
after(() => fake.close());
beforeEach(() => {
  Object.assign(fake.options, {
    authorizeMode: 'redirect',
    tokenEncoding: 'any',
    requireStateInTokenRequest: false,
  });
  fake.unexpected.length = 0;
  fake.tokenRequests.length = 0;
});

/** Holds a port on 127.0.0.1 so nothing else can bind it. */
async function occupyPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, server };
}

async function freePort(): Promise<number> {
  const { port, server } = await occupyPort();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function loopbackConfig(overrides: Partial<OAuthClientConfig> = {}) {
  return fakeClientConfig(fake, {
    redirectUri: `http://127.0.0.1:${await freePort()}/auth/callback`,
    ...overrides,
  });
}

/** A prompt nobody types into: it ends (with no input) only when the flow aborts it. */
function silentPrompt(seen: { aborted?: boolean } = {}): LoginHooks['readPastedCode'] {
  return (signal) =>
    new Promise((resolve) => {
      signal.addEventListener('abort', () => {
        seen.aborted = true;
        resolve(undefined);
      });
    });
}

test('with the callback server: the browser redirect delivers the code', async () => {
  const config = await loopbackConfig();
  const prompt: { aborted?: boolean } = {};
  let callbackPage: { status: number; body: string } | undefined;

  const tokens = await runAuthorizationCodeFlow(
    config,
    {
      onAuthorizationUrl: async (url) => {
        callbackPage = (await openAuthorizationUrl(url, { followToCallback: true })).callback;
      },
      readPastedCode: silentPrompt(prompt),
    },
    { timeoutMs: 5_000, useCallbackServer: true },
  );

  assert.ok(fake.isAccessTokenValid(tokens.accessToken));
  assert.equal(callbackPage?.status, 200);
  assert.match(callbackPage?.body ?? '', /Signed in/);
  assert.equal(prompt.aborted, true, 'the prompt was left waiting');
  assert.equal(fake.tokenRequests[0]?.body.redirect_uri, config.redirectUri);
  assert.deepEqual(fake.unexpected, []);
  const port = new URL(config.redirectUri).port;
  await assert.rejects(fetch(`http://127.0.0.1:${port}/auth/callback`), 'server still listening');
});

test('Anthropic style: code#state pasted from the code page, JSON body with state', async () => {
  Object.assign(fake.options, {
    authorizeMode: 'codePage',
    tokenEncoding: 'json',
    requireStateInTokenRequest: true,
  });
  const config = fakeClientConfig(fake, {
    redirectUri: 'https://platform.claude.com/oauth/code/callback',
    extraAuthorizationParams: { code: 'true' },
    tokenRequestEncoding: 'json',
    sendStateInTokenRequest: true,
  });
  let shown = '';

  const tokens = await runAuthorizationCodeFlow(
    config,
    {
      onAuthorizationUrl: async (url) => {
        const page = await openAuthorizationUrl(url);
        shown = /<code id="code">([^<]+)<\/code>/.exec(page.body)?.[1] ?? '';
      },
      readPastedCode: async () => ` ${shown}\n`,
    },
    // useCallbackServer is ignored: the redirect URI is not a loopback address.
    { timeoutMs: 5_000, useCallbackServer: true },
  );

  assert.ok(fake.isAccessTokenValid(tokens.accessToken));
  assert.equal(fake.authorizations.at(-1)?.params.code, 'true');
  assert.equal(fake.tokenRequests[0]?.body.state, fake.authorizations.at(-1)?.state);
  assert.deepEqual(fake.unexpected, []);
});

test('a pasted callback URL wins while the callback server is also waiting', async () => {
  const config = await loopbackConfig();
  let pasted = '';
  const tokens = await runAuthorizationCodeFlow(
    config,
    {
      onAuthorizationUrl: async (url) => {
        // The browser could not reach us; the person copies the address bar instead.
        pasted = (await openAuthorizationUrl(url)).location?.href ?? '';
      },
      readPastedCode: async () => pasted,
    },
    { timeoutMs: 5_000, useCallbackServer: true },
  );
  assert.ok(fake.isAccessTokenValid(tokens.accessToken));
  const port = new URL(config.redirectUri).port;
  await assert.rejects(fetch(`http://127.0.0.1:${port}/auth/callback`), 'server still listening');
});

test('a pasted bare code has no state to check and is accepted', async () => {
  const config = await loopbackConfig();
  let code = '';
  const tokens = await runAuthorizationCodeFlow(
    config,
    {
      onAuthorizationUrl: async (url) => {
        code = (await openAuthorizationUrl(url)).location?.searchParams.get('code') ?? '';
      },
      readPastedCode: async () => code,
    },
    { timeoutMs: 5_000, useCallbackServer: false },
  );
  assert.ok(fake.isAccessTokenValid(tokens.accessToken));
});

test('a pasted code with another state is refused before any token request', async () => {
  const config = await loopbackConfig();
  let code = '';
  const attempt = runAuthorizationCodeFlow(
    config,
    {
      onAuthorizationUrl: async (url) => {
        code = (await openAuthorizationUrl(url)).location?.searchParams.get('code') ?? '';
      },
      readPastedCode: async () => `${code}#not-our-state`,
    },
    { timeoutMs: 5_000, useCallbackServer: false },
  );
  await assert.rejects(attempt, (error: Error) => {
    assert.equal((error as { code?: string }).code, 'ERR_OAUTH_STATE_MISMATCH');
    assert.ok(!error.message.includes(code));
    return true;
  });
  assert.equal(fake.tokenRequests.length, 0);
});

test('a callback with another state is refused before any token request', async () => {
  const config = await loopbackConfig();
  const attempt = runAuthorizationCodeFlow(
    config,
    {
      onAuthorizationUrl: async (url) => {
        const location = (await openAuthorizationUrl(url)).location;
        assert.ok(location);
        location.searchParams.set('state', 'forged');
        await fetch(location);
      },
      readPastedCode: silentPrompt(),
    },
    { timeoutMs: 5_000, useCallbackServer: true },
  );
  await assert.rejects(attempt, { code: 'ERR_OAUTH_STATE_MISMATCH' });
  assert.equal(fake.tokenRequests.length, 0);
});

test('a denied sign-in reports the provider error', async () => {
  fake.options.authorizeMode = 'deny';
  const config = await loopbackConfig();
  const attempt = runAuthorizationCodeFlow(
    config,
    {
      onAuthorizationUrl: async (url) => {
        await openAuthorizationUrl(url, { followToCallback: true });
      },
      readPastedCode: silentPrompt(),
    },
    { timeoutMs: 5_000, useCallbackServer: true },
  );
  await assert.rejects(attempt, { code: 'ERR_OAUTH_BAD_CODE', error: 'access_denied' });
});

test('no code within loginTimeoutMs gives up, closing the server and the prompt', async () => {
  const config = await loopbackConfig();
  const prompt: { aborted?: boolean } = {};
  const attempt = runAuthorizationCodeFlow(
    config,
    { onAuthorizationUrl: () => undefined, readPastedCode: silentPrompt(prompt) },
    { timeoutMs: 5_000, loginTimeoutMs: 150, useCallbackServer: true },
  );
  await assert.rejects(attempt, {
    code: 'ERR_OAUTH_LOGIN_TIMEOUT',
    message: 'no sign-in arrived within 0.2 s',
  });
  assert.equal(prompt.aborted, true);
  const port = new URL(config.redirectUri).port;
  await assert.rejects(fetch(`http://127.0.0.1:${port}/auth/callback`), 'server still listening');
});

test('a taken port is reported and the paste still works', async (t) => {
  const { port, server } = await occupyPort();
  t.after(() => new Promise((resolve) => server.close(resolve)));
  const config = fakeClientConfig(fake, { redirectUri: `http://127.0.0.1:${port}/cb` });
  const reasons: string[] = [];
  let pasted = '';

  const tokens = await runAuthorizationCodeFlow(
    config,
    {
      onAuthorizationUrl: async (url) => {
        pasted = (await openAuthorizationUrl(url)).location?.href ?? '';
      },
      readPastedCode: async () => pasted,
      onCallbackServerUnavailable: (reason) => reasons.push(reason),
    },
    { timeoutMs: 5_000, useCallbackServer: true },
  );
  assert.ok(fake.isAccessTokenValid(tokens.accessToken));
  assert.deepEqual(reasons, [`port ${port} is already in use`]);
});

test('a taken port moves the login to the fallback redirect URI', async (t) => {
  const { port, server } = await occupyPort();
  t.after(() => new Promise((resolve) => server.close(resolve)));
  const fallback = `http://127.0.0.1:${await freePort()}/auth/callback`;
  const config = fakeClientConfig(fake, {
    redirectUri: `http://127.0.0.1:${port}/auth/callback`,
    fallbackRedirectUri: fallback,
  });
  const reasons: string[] = [];

  await runAuthorizationCodeFlow(
    config,
    {
      onAuthorizationUrl: async (url) => {
        assert.equal(url.searchParams.get('redirect_uri'), fallback);
        await openAuthorizationUrl(url, { followToCallback: true });
      },
      readPastedCode: silentPrompt(),
      onCallbackServerUnavailable: (reason) => reasons.push(reason),
    },
    { timeoutMs: 5_000, useCallbackServer: true },
  );
  assert.deepEqual(reasons, []);
  assert.equal(fake.tokenRequests[0]?.body.redirect_uri, fallback);
  assert.deepEqual(fake.unexpected, []);
});

test('input that ends with no callback server is a clear error', async () => {
  const config = await loopbackConfig();
  const attempt = runAuthorizationCodeFlow(
    config,
    { onAuthorizationUrl: () => undefined, readPastedCode: async () => undefined },
    { timeoutMs: 5_000, useCallbackServer: false },
  );
  await assert.rejects(attempt, { code: 'ERR_OAUTH_BAD_CODE', message: 'no code was pasted' });
});

test('input that ends leaves the callback server waiting for the browser', async () => {
  const config = await loopbackConfig();
  let open: URL | undefined;
  const attempt = runAuthorizationCodeFlow(
    config,
    {
      onAuthorizationUrl: (url) => void (open = url),
      readPastedCode: async () => {
        setTimeout(() => void openAuthorizationUrl(open ?? '', { followToCallback: true }), 50);
        return undefined;
      },
    },
    { timeoutMs: 5_000, useCallbackServer: true },
  );
  const tokens = await attempt;
  assert.ok(fake.isAccessTokenValid(tokens.accessToken));
});

test('aborting the signal cancels the wait with ERR_ABORTED', async () => {
  const config = await loopbackConfig();
  const controller = new AbortController();
  const attempt = runAuthorizationCodeFlow(
    config,
    { onAuthorizationUrl: () => void controller.abort(), readPastedCode: silentPrompt() },
    { timeoutMs: 5_000, useCallbackServer: true, signal: controller.signal },
  );
  await assert.rejects(attempt, { code: 'ERR_ABORTED' });
});

test('a prompt hook that throws at once ends the login with its error', async () => {
  const config = await loopbackConfig();
  const attempt = runAuthorizationCodeFlow(
    config,
    {
      onAuthorizationUrl: () => undefined,
      readPastedCode: () => {
        throw new Error('stdin is closed');
      },
    },
    { timeoutMs: 5_000, useCallbackServer: true },
  );
  await assert.rejects(attempt, { message: 'stdin is closed' });
  const port = new URL(config.redirectUri).port;
  await assert.rejects(fetch(`http://127.0.0.1:${port}/auth/callback`), 'server still listening');
});
