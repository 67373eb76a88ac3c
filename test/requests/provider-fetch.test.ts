import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { CredentialManager } from '../../src/auth/credential-manager.js';
import { PeekabooError } from '../../src/errors.js';
import { createProviderFetch, type ProviderRequest } from '../../src/requests/provider-fetch.js';
import { fakeChatGptToken, sentHeaders } from '../fakes/provider-answers.js';
import {
  providerBaseUrls,
  startFakeProvider,
  type FakeProviderServer,
  type RecordedRequest,
} from '../fakes/provider-server.js';
import { makeCredentialsDir, type CredentialsDir } from '../helpers/credentials-dir.js';

const OAUTH_BETA =
  'oauth-2025-04-20,claude-code-20250219,interleaved-thinking-2025-05-14,' +
  'fine-grained-tool-streaming-2025-05-14';
const LATER = String(Math.floor(Date.now() / 1000) + 3600);
const EARLIER = String(Math.floor(Date.now() / 1000) - 60);
const BODY = { model: 'm', stream: true };

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

/** A provider fetch over a fresh credentials file and the fake server's base URLs. */
async function setUp(
  provider: 'openai' | 'anthropic' | 'grok' | 'gemini',
  values: Record<string, string>,
  env: Record<string, string> = {},
) {
  files = await makeCredentialsDir(values);
  const fullEnv = {
    ...providerBaseUrls(server),
    PEEKABOO_OPENAI_CODEX_BASE_URL: `${server.url}/codex`,
    PEEKABOO_OPENAI_TOKEN_URL: `${server.url}/token/openai`,
    PEEKABOO_ANTHROPIC_TOKEN_URL: `${server.url}/token/anthropic`,
    ...env,
  };
  const manager = new CredentialManager({ store: files.store, env: fullEnv, timeoutMs: 5000 });
  const send = createProviderFetch({ provider, manager, env: fullEnv });
  return async (request: ProviderRequest = { body: BODY }) => {
    const answer = await send(request);
    await answer.response.text();
    return answer;
  };
}

function only(path: string): RecordedRequest {
  const found = server.requests.filter((r) => r.path === path);
  assert.equal(found.length, 1, `one request to ${path}`);
  return found[0] as RecordedRequest;
}

function routeOk(path: string) {
  server.route('POST', path.split('?')[0] as string, () => ({ body: 'streamed elsewhere' }));
}

describe('provider fetch: endpoints and headers', () => {
  it('sends an Anthropic OAuth token as a bearer with the merged beta list', async () => {
    routeOk('/anthropic/v1/messages');
    const send = await setUp('anthropic', {
      ANTHROPIC_ACCESS_TOKEN: 'at-anthropic-0001',
      ANTHROPIC_REFRESH_TOKEN: 'rt-anthropic-0001',
      ANTHROPIC_ACCESS_EXPIRES: LATER,
    });
    const answer = await send({
      body: BODY,
      betaFlags: ['files-api-2025-04-14', 'oauth-2025-04-20'],
      headers: {
        'Anthropic-Beta': 'claude-code-20250219, files-api-2025-04-14,pdfs-2024-09-25',
        'X-Api-Key': 'must-not-travel',
      },
    });

    const request = only('/anthropic/v1/messages');
    assert.deepEqual(sentHeaders(request), {
      accept: '*/*',
      'content-type': 'application/json',
      authorization: 'Bearer at-anthropic-0001',
      'anthropic-version': '2023-06-01',
      'anthropic-beta': `${OAUTH_BETA},files-api-2025-04-14,pdfs-2024-09-25`,
    });
    assert.deepEqual(JSON.parse(request.body), BODY);
    assert.equal(answer.auth, 'oauth');
    assert.equal(answer.api, 'anthropic-messages');
  });

  it('sends an Anthropic API key as x-api-key without the OAuth-only beta flags', async () => {
    routeOk('/anthropic/v1/messages');
    const send = await setUp('anthropic', { ANTHROPIC_API_KEY: 'sk-ant-key-0001' });
    await send();
    await send({ body: BODY, betaFlags: ['oauth-2025-04-20', 'claude-code-20250219', 'x-1'] });

    const [plain, flagged] = server.requests.map(sentHeaders);
    assert.deepEqual(plain, {
      accept: '*/*',
      'content-type': 'application/json',
      'x-api-key': 'sk-ant-key-0001',
      'anthropic-version': '2023-06-01',
    });
    assert.equal(flagged?.['anthropic-beta'], 'x-1');
    assert.equal(flagged?.authorization, undefined);
  });

  it('sends an OpenAI API key to {OPENAI_BASE_URL}/responses as a bearer', async () => {
    routeOk('/openai/responses');
    const send = await setUp('openai', { OPENAI_API_KEY: 'sk-openai-key-0001' });
    const answer = await send();

    assert.deepEqual(sentHeaders(only('/openai/responses')), {
      accept: '*/*',
      'content-type': 'application/json',
      authorization: 'Bearer sk-openai-key-0001',
    });
    assert.equal(answer.api, 'openai-responses');
  });

  it('sends a ChatGPT token to the Codex endpoint with account id and originator', async () => {
    routeOk('/codex/responses');
    const token = fakeChatGptToken('acct_1234');
    const send = await setUp('openai', {
      OPENAI_ACCESS_TOKEN: token,
      OPENAI_REFRESH_TOKEN: 'rt-openai-0001',
      OPENAI_ACCESS_EXPIRES: LATER,
      OPENAI_API_KEY: 'sk-openai-unused-0001',
    });
    const answer = await send();

    assert.deepEqual(sentHeaders(only('/codex/responses')), {
      accept: '*/*',
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'chatgpt-account-id': 'acct_1234',
      originator: 'peekaboo',
      'openai-beta': 'responses=experimental',
    });
    assert.equal(answer.api, 'chatgpt-codex-responses');
    assert.equal(answer.url, `${server.url}/codex/responses`);
  });

  it('sends a ChatGPT token without an account claim to {OPENAI_BASE_URL}/responses', async () => {
    routeOk('/openai/responses');
    const token = fakeChatGptToken(undefined);
    const send = await setUp('openai', {
      OPENAI_ACCESS_TOKEN: token,
      OPENAI_REFRESH_TOKEN: 'rt-openai-0001',
      OPENAI_ACCESS_EXPIRES: LATER,
    });
    await send();

    const headers = sentHeaders(only('/openai/responses'));
    assert.equal(headers.authorization, `Bearer ${token}`);
    assert.equal(headers['chatgpt-account-id'], undefined);
  });

  it('sends a Grok key to {XAI_BASE_URL}/chat/completions as a bearer', async () => {
    routeOk('/xai/chat/completions');
    const send = await setUp('grok', { X_AI_API_KEY: 'xai-key-0001' });
    await send();

    assert.deepEqual(sentHeaders(only('/xai/chat/completions')), {
      accept: '*/*',
      'content-type': 'application/json',
      authorization: 'Bearer xai-key-0001',
    });
  });

  it('sends a Gemini key in x-goog-api-key and never in the URL', async () => {
    routeOk('/gemini/models/gemini-x:streamGenerateContent');
    const send = await setUp('gemini', { GEMINI_API_KEY: 'AIza-gemini-key-0001' });
    await send({ body: BODY, model: 'gemini-x' });

    const [request] = server.requests;
    assert.equal(request?.path, '/gemini/models/gemini-x:streamGenerateContent?alt=sse');
    assert.deepEqual(sentHeaders(request as RecordedRequest), {
      accept: '*/*',
      'content-type': 'application/json',
      'x-goog-api-key': 'AIza-gemini-key-0001',
    });
    for (const recorded of server.requests) {
      assert.ok(!recorded.path.includes('AIza'), 'no key in any URL');
    }
  });

  it('builds the body for the API and credential kind the request goes out with', async () => {
    routeOk('/codex/responses');
    const send = await setUp('openai', {
      OPENAI_ACCESS_TOKEN: fakeChatGptToken('acct_1'),
      OPENAI_REFRESH_TOKEN: 'rt-openai-0001',
      OPENAI_ACCESS_EXPIRES: LATER,
    });
    await send({ model: 'gpt-x', body: (target) => ({ seen: target }) });

    assert.deepEqual(JSON.parse(only('/codex/responses').body), {
      seen: { api: 'chatgpt-codex-responses', model: 'gpt-x', auth: 'oauth' },
    });
  });
});

describe('provider fetch: which credential', () => {
  it('uses the stored API key when the file has no OAuth tokens', async () => {
    routeOk('/openai/responses');
    const send = await setUp('openai', { OPENAI_API_KEY: 'sk-openai-file-0001' });
    const answer = await send();

    assert.equal(answer.auth, 'api-key');
    assert.deepEqual(answer.source, { kind: 'file', key: 'OPENAI_API_KEY' });
  });

  it('prefers an environment key over OAuth tokens and the key in the file', async () => {
    routeOk('/openai/responses');
    const send = await setUp(
      'openai',
      {
        OPENAI_ACCESS_TOKEN: fakeChatGptToken('acct_1'),
        OPENAI_REFRESH_TOKEN: 'rt-openai-0001',
        OPENAI_ACCESS_EXPIRES: LATER,
        OPENAI_API_KEY: 'sk-openai-file-0001',
      },
      { OPENAI_API_KEY: 'sk-openai-env-0001' },
    );
    const answer = await send();

    const { authorization } = sentHeaders(only('/openai/responses'));
    assert.equal(authorization, 'Bearer sk-openai-env-0001');
    assert.deepEqual(answer.source, { kind: 'env', key: 'OPENAI_API_KEY' });
  });
});

describe('provider fetch: refresh and retry', () => {
  const anthropicTokens = (expires: string) => ({
    ANTHROPIC_ACCESS_TOKEN: 'at-old-0001',
    ANTHROPIC_REFRESH_TOKEN: 'rt-old-0001',
    ANTHROPIC_ACCESS_EXPIRES: expires,
  });

  it('refreshes an expired token before sending the request', async () => {
    server.route('POST', '/token/anthropic', () => ({
      body: { access_token: 'at-new-0002', refresh_token: 'rt-new-0002', expires_in: 3600 },
    }));
    routeOk('/anthropic/v1/messages');
    const send = await setUp('anthropic', anthropicTokens(EARLIER));
    await send();

    assert.deepEqual(
      server.requests.map((r) => r.path),
      ['/token/anthropic', '/anthropic/v1/messages'],
    );
    assert.deepEqual(JSON.parse(only('/token/anthropic').body), {
      grant_type: 'refresh_token',
      refresh_token: 'rt-old-0001',
      client_id: '9d1c250a-e61b-44d9-88ed-5944d1962f5e',
    });
    assert.equal(sentHeaders(only('/anthropic/v1/messages')).authorization, 'Bearer at-new-0002');
    assert.match(await (files as CredentialsDir).read(), /^ANTHROPIC_REFRESH_TOKEN=rt-new-0002$/m);
  });

  it('refreshes and retries once after a 401 to a token that was not just refreshed', async () => {
    const fresh = fakeChatGptToken('acct_1', 'new');
    server.route('POST', '/token/openai', () => ({
      body: { access_token: fresh, refresh_token: 'rt-new-0002', expires_in: 3600 },
    }));
    server.route('POST', '/codex/responses', (r) =>
      r.headers.authorization === `Bearer ${fresh}`
        ? { body: 'ok' }
        : { status: 401, body: { error: { message: 'token expired' } } },
    );
    const send = await setUp('openai', {
      OPENAI_ACCESS_TOKEN: fakeChatGptToken('acct_1', 'old'),
      OPENAI_REFRESH_TOKEN: 'rt-old-0001',
      OPENAI_ACCESS_EXPIRES: LATER,
    });
    await send();

    assert.deepEqual(
      server.requests.map((r) => r.path),
      ['/codex/responses', '/token/openai', '/codex/responses'],
    );
    const form = new URLSearchParams(only('/token/openai').body);
    assert.equal(form.get('grant_type'), 'refresh_token');
    assert.equal(form.get('refresh_token'), 'rt-old-0001');
  });

  it('does not refresh or retry a second time when the retry is refused too', async () => {
    server.route('POST', '/token/openai', () => ({
      body: { access_token: fakeChatGptToken('acct_1', 'new'), expires_in: 3600 },
    }));
    server.route('POST', '/codex/responses', () => ({
      status: 401,
      body: { error: { message: 'not today' } },
    }));
    const send = await setUp('openai', {
      OPENAI_ACCESS_TOKEN: fakeChatGptToken('acct_1', 'old'),
      OPENAI_REFRESH_TOKEN: 'rt-old-0001',
      OPENAI_ACCESS_EXPIRES: LATER,
    });

    await assert.rejects(send(), (error: PeekabooError & { status?: number }) => {
      assert.equal(error.code, 'ERR_PROVIDER_REQUEST');
      assert.equal(error.status, 401);
      assert.equal(error.message, 'OpenAI answered 401: not today');
      return true;
    });
    assert.deepEqual(
      server.requests.map((r) => r.path),
      ['/codex/responses', '/token/openai', '/codex/responses'],
    );
  });

  it('does not refresh again after a 401 to a token it has just refreshed', async () => {
    server.route('POST', '/token/anthropic', () => ({
      body: { access_token: 'at-new-0002', expires_in: 3600 },
    }));
    server.route('POST', '/anthropic/v1/messages', () => ({ status: 401, body: 'no' }));
    const send = await setUp('anthropic', anthropicTokens(EARLIER));

    await assert.rejects(send(), { code: 'ERR_PROVIDER_REQUEST', status: 401 });
    assert.deepEqual(
      server.requests.map((r) => r.path),
      ['/token/anthropic', '/anthropic/v1/messages'],
    );
  });

  it('never refreshes after a 401 to an API key', async () => {
    server.route('POST', '/xai/chat/completions', () => ({
      status: 401,
      body: { error: 'Incorrect API key provided: xai-key-0001' },
    }));
    const send = await setUp('grok', { X_AI_API_KEY: 'xai-key-0001' });

    await assert.rejects(send(), (error: PeekabooError) => {
      assert.equal(error.message, 'Grok (xAI) answered 401: Incorrect API key provided: ***');
      assert.equal(error.hint, 'peekaboo config add grok');
      return true;
    });
    assert.equal(server.requests.length, 1);
  });
});

describe('provider fetch: refusals', () => {
  const scopeAnswer = (status: number) => () => ({
    status,
    body: {
      error: {
        message:
          'You have insufficient permissions for this operation. Missing scopes: ' +
          'api.responses.write.',
      },
    },
  });

  for (const status of [401, 403]) {
    it(`turns OpenAI's missing scopes (${status}) into a scope-limit error`, async () => {
      server.route('POST', '/openai/responses', scopeAnswer(status));
      const send = await setUp('openai', {
        OPENAI_ACCESS_TOKEN: fakeChatGptToken(undefined),
        OPENAI_REFRESH_TOKEN: 'rt-openai-0001',
        OPENAI_ACCESS_EXPIRES: LATER,
      });

      await assert.rejects(send(), (error: PeekabooError) => {
        assert.equal(error.code, 'ERR_SCOPE_LIMIT');
        assert.equal(
          error.message,
          `OpenAI refused the signed-in token (${status} You have insufficient permissions ` +
            'for this operation. Missing scopes: api.responses.write.). This is a server-side ' +
            'OAuth scope limit of the token, not a local credentials problem; configure an API ' +
            "key with 'peekaboo config add openai <api-key>' or OPENAI_API_KEY",
        );
        return true;
      });
      // Refreshing cannot add a scope, so the refresh token is not spent on it.
      assert.deepEqual(server.requests.map((r) => r.path), ['/openai/responses']);
    });
  }

  it('reports missing scopes of an API key as an ordinary refusal', async () => {
    server.route('POST', '/openai/responses', scopeAnswer(401));
    const send = await setUp('openai', { OPENAI_API_KEY: 'sk-openai-restricted-0001' });

    await assert.rejects(send(), { code: 'ERR_PROVIDER_REQUEST', status: 401 });
  });

  it('scrubs the credential out of a provider message', async () => {
    server.route('POST', '/gemini/models/g:streamGenerateContent', () => ({
      status: 400,
      body: { error: { message: 'API key AIza-gemini-key-0001 not valid' } },
    }));
    const send = await setUp('gemini', { GEMINI_API_KEY: 'AIza-gemini-key-0001' });

    await assert.rejects(send({ body: BODY, model: 'g' }), {
      message: 'Gemini answered 400: API key *** not valid',
    });
  });

  it('refuses an unsafe Codex base URL before sending anything', async () => {
    const send = await setUp(
      'openai',
      {
        OPENAI_ACCESS_TOKEN: fakeChatGptToken('acct_1'),
        OPENAI_REFRESH_TOKEN: 'rt-openai-0001',
        OPENAI_ACCESS_EXPIRES: LATER,
      },
      { PEEKABOO_OPENAI_CODEX_BASE_URL: 'http://example.com/codex' },
    );

    await assert.rejects(send(), { code: 'ERR_UNSAFE_URL' });
    assert.equal(server.requests.length, 0);
  });

  it('does not follow a redirect with the credential', async () => {
    server.route('POST', '/xai/chat/completions', () => ({
      status: 307,
      headers: { location: `${server.url}/elsewhere` },
      body: '',
    }));
    const send = await setUp('grok', { X_AI_API_KEY: 'xai-key-0001' });

    await assert.rejects(send(), { code: 'ERR_PROVIDER_REQUEST', status: 307 });
    assert.deepEqual(server.requests.map((r) => r.path), ['/xai/chat/completions']);
  });
});
