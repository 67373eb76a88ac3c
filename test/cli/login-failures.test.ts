import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  assertNoSecretPrinted,
  makeTempHome,
  type CliResult,
  type TempHome,
} from '../helpers/cli.js';
import { escapeHtml } from '../../src/oauth/callback-page.js';
import { listDir } from '../helpers/files.js';
import {
  freeRedirectUri,
  loginBanner,
  oauthEnv,
  seedCredentials,
} from '../helpers/oauth-cli.js';
import { startCli } from '../helpers/live-cli.js';
import {
  openAuthorizationUrl,
  startFakeOAuthServer,
  type FakeOAuthServer,
  type ScriptedResponse,
} from '../fakes/oauth-server.js';

// Tokens inside scripted answers: none of them may ever reach the terminal or the file.
const LEAKY_ACCESS = 'fake-at-scripted-access-0123456789';
const LEAKY_REFRESH = 'fake-rt-scripted-refresh-0123456789';
const good = { access_token: LEAKY_ACCESS, refresh_token: LEAKY_REFRESH, expires_in: 3600 };

let fake: FakeOAuthServer;
let home: TempHome;
let seeded: Buffer;

beforeEach(async () => {
  fake = await startFakeOAuthServer({ tokenEncoding: 'form' });
  home = await makeTempHome();
  seeded = await seedCredentials(home);
});

afterEach(async () => {
  assert.deepEqual(fake.unexpected, []);
  await fake.close();
  await home.cleanup();
});

/**
 * Signs in to OpenAI through the callback server, as a browser would, with stdin left
 * open, and returns the finished command.
 */
async function loginThroughCallback(extraArgs: string[] = []) {
  const env = oauthEnv(fake, 'openai', await freeRedirectUri());
  const cli = startCli(home, ['config', 'login', 'openai', '--no-browser', ...extraArgs], { env });
  try {
    const url = await cli.authorizationUrl();
    const { callback } = await openAuthorizationUrl(url, { followToCallback: true });
    return { url, result: await cli.exited, page: callback };
  } finally {
    cli.kill();
  }
}

/** The browser must not be told it signed in when the terminal says it did not. */
function assertFailurePage(page: { status: number; body: string } | undefined, message: string) {
  assert.equal(page?.status, 400);
  assert.match(page?.body ?? '', /<h1>peekaboo sign-in failed<\/h1>/);
  assert.ok(page?.body.includes(`<p>${escapeHtml(message)}</p>`), page?.body);
}

/** Checks the one-line error, exit 1, and that nothing changed or leaked. */
async function assertFailedCleanly(
  login: { url: URL; result: CliResult },
  message: string,
) {
  const { url, result } = login;
  assert.equal(result.code, 1, result.stderr);
  assert.equal(result.stdout, '');
  const next = '(next: peekaboo config login openai)';
  assert.equal(result.stderr, `${loginBanner('OpenAI', url)}error: ${message} ${next}\n`);
  assert.deepEqual(await readFile(home.credentialsPath), seeded);
  assert.deepEqual(await listDir(home.configDir), ['credentials']);

  const verifiers = fake.tokenRequests.map((r) => String(r.body.code_verifier ?? ''));
  const { codes, accessTokens, refreshTokens } = fake.issued;
  const secrets = [...codes, ...accessTokens, ...refreshTokens, ...verifiers];
  assertNoSecretPrinted(result, [...secrets.filter((s) => s), LEAKY_ACCESS, LEAKY_REFRESH]);
}

const failures: Array<{ name: string; answer: ScriptedResponse; message: string }> = [
  {
    name: 'an expired code (400 invalid_grant) shows the error and its description',
    answer: { status: 400, body: { error: 'invalid_grant', error_description: 'Code expired' } },
    message: 'token endpoint refused the code: invalid_grant (Code expired)',
  },
  {
    name: 'a refused client (401 invalid_client) shows the error and its description',
    answer: {
      status: 401,
      body: { error: 'invalid_client', error_description: 'Unknown client' },
    },
    message: 'token endpoint refused the code: invalid_client (Unknown client)',
  },
  {
    name: 'a 4xx without an OAuth error body shows the status',
    answer: { status: 403, body: 'Forbidden', contentType: 'text/plain' },
    message: 'token endpoint refused the code: HTTP 403',
  },
  {
    name: 'a 5xx says the endpoint failed',
    answer: { status: 503, body: { error: 'temporarily_unavailable' } },
    message: 'token endpoint failed: temporarily_unavailable',
  },
  {
    name: 'an HTML page instead of JSON is named as such',
    answer: { status: 200, body: '<html><body>Sign in</body></html>', contentType: 'text/html' },
    message:
      'token endpoint answered HTTP 200 with something other than a JSON object (text/html); ' +
      'nothing stored',
  },
  {
    name: 'malformed JSON is refused',
    answer: { status: 200, body: `{"access_token": "${LEAKY_ACCESS}", ` },
    message:
      'token endpoint answered HTTP 200 with something other than a JSON object ' +
      '(application/json); nothing stored',
  },
  {
    name: 'an answer without a refresh_token is refused',
    answer: { status: 200, body: { ...good, refresh_token: undefined } },
    message: 'token endpoint answer has no refresh_token; nothing stored',
  },
  {
    name: 'an answer without expires_in is refused',
    answer: { status: 200, body: { ...good, expires_in: undefined } },
    message: 'token endpoint answer has no numeric expires_in; nothing stored',
  },
  {
    name: 'an answer without an access_token is refused',
    answer: { status: 200, body: { ...good, access_token: undefined } },
    message: 'token endpoint answer has no access_token; nothing stored',
  },
  {
    name: 'a token with a line break in it is refused',
    answer: { status: 200, body: { ...good, access_token: `${LEAKY_ACCESS}\nEVIL=1` } },
    message: 'token endpoint returned a value with a line break; nothing stored',
  },
];

describe('config login when the token endpoint fails', () => {
  for (const { name, answer, message } of failures) {
    it(`${name}; the file stays byte for byte`, async () => {
      fake.script(answer);
      const login = await loginThroughCallback();
      await assertFailedCleanly(login, message);
      assertFailurePage(login.page, message);
      assert.equal(fake.stats().token, 1);
    });
  }

  it('a description that echoes the code shows *** in its place', async () => {
    const env = oauthEnv(fake, 'openai', await freeRedirectUri());
    const cli = startCli(home, ['config', 'login', 'openai', '--no-browser'], { env });
    try {
      const url = await cli.authorizationUrl();
      const { location } = await openAuthorizationUrl(url);
      const code = location?.searchParams.get('code') ?? '';
      // Queued only now: the description has to quote the code the fake just issued.
      fake.script({
        status: 400,
        body: { error: 'invalid_grant', error_description: `code ${code} has expired` },
      });
      cli.write(`${location?.href}\n`);
      await assertFailedCleanly(
        { url, result: await cli.exited },
        'token endpoint refused the code: invalid_grant (code *** has expired)',
      );
    } finally {
      cli.kill();
    }
  });

  it('a code that was already used is refused by the provider', async () => {
    const env = oauthEnv(fake, 'openai', await freeRedirectUri());
    const cli = startCli(home, ['config', 'login', 'openai', '--no-browser'], { env });
    try {
      const url = await cli.authorizationUrl();
      cli.write('fake-code-spent-long-ago-0123456789\n');
      await assertFailedCleanly(
        { url, result: await cli.exited },
        'token endpoint refused the code: invalid_grant (Invalid code)',
      );
    } finally {
      cli.kill();
    }
  });

  it('no answer within --timeout 1 gives up with the limit it hit', async () => {
    fake.script({ hang: true });
    const login = await loginThroughCallback(['--timeout', '1']);
    await assertFailedCleanly(login, 'token endpoint did not answer within 1 s');
    assertFailurePage(login.page, 'token endpoint did not answer within 1 s');
  });

  it('denied consent ends the login with the provider\'s words', async () => {
    fake.options.authorizeMode = 'deny';
    const login = await loginThroughCallback();
    const message = 'sign-in was not completed: access_denied (The user denied access)';
    await assertFailedCleanly(login, message);
    assertFailurePage(login.page, message);
    assert.equal(fake.stats().token, 0);
  });
});
