import assert from 'node:assert/strict';
import type { ScriptedResponse } from '../fakes/oauth-server.js';
import type { LiveCli } from '../helpers/live-cli.js';
import type { HostileCase } from './harness.js';

/** Token values inside scripted answers: none may reach the file or the terminal. */
const LEAKY = { access_token: 'corpus-leaky-access-0123456789', expires_in: 3600 };
const GOOD = { ...LEAKY, refresh_token: 'corpus-leaky-refresh-0123456789' };
const NOT_JSON = 'token endpoint answered HTTP 200 with something other than a JSON object';
const LINE_BREAK = 'token endpoint returned a value with a line break; nothing stored';

/** A token endpoint answer no client may store, and what the person is told about it. */
interface BadAnswer {
  what: string;
  answer: ScriptedResponse;
  message: string;
}

const BAD_ANSWERS: BadAnswer[] = [
  {
    what: 'an HTML page',
    answer: { status: 200, body: '<html><body>Sign in</body></html>', contentType: 'text/html' },
    message: `${NOT_JSON} (text/html); nothing stored`,
  },
  {
    what: 'truncated JSON',
    answer: { status: 200, body: JSON.stringify(GOOD).slice(0, 40) },
    message: `${NOT_JSON} (application/json); nothing stored`,
  },
  {
    what: 'a JSON array',
    answer: { status: 200, body: [GOOD] },
    message: `${NOT_JSON} (application/json); nothing stored`,
  },
  {
    what: 'an access_token that is a number',
    answer: { status: 200, body: { ...GOOD, access_token: 1234567890 } },
    message: "token endpoint answer's access_token is not a string; nothing stored",
  },
  {
    what: 'an expires_in that is an object',
    answer: { status: 200, body: { ...GOOD, expires_in: { seconds: 3600 } } },
    message: 'token endpoint answer has no numeric expires_in; nothing stored',
  },
  {
    what: 'a negative expires_in',
    answer: { status: 200, body: { ...GOOD, expires_in: -3600 } },
    message: 'token endpoint answer has an impossible expires_in; nothing stored',
  },
  {
    what: 'an absurd expires_in of 10^12 seconds',
    answer: { status: 200, body: { ...GOOD, expires_in: 1e12 } },
    message: 'token endpoint answer has an impossible expires_in; nothing stored',
  },
  {
    what: 'an access token with a newline that would plant a key',
    answer: {
      status: 200,
      body: { ...GOOD, access_token: `${LEAKY.access_token}\nOPENAI_API_KEY=planted` },
    },
    message: LINE_BREAK,
  },
  {
    what: 'a U+2028 line separator, where the Swift reader starts a new line',
    answer: {
      status: 200,
      body: { ...GOOD, access_token: `${LEAKY.access_token}\u2028OPENAI_API_KEY=planted` },
    },
    message: LINE_BREAK,
  },
  {
    what: 'a refresh token with a NUL character',
    answer: { status: 200, body: { ...GOOD, refresh_token: 'corpus-leaky-refresh\u0000tail' } },
    message: LINE_BREAK,
  },
  {
    what: 'a 10 MB body',
    answer: { hugeBodyBytes: 10 * 1024 * 1024 },
    message: 'token endpoint sent more than 1 MiB; nothing stored',
  },
  {
    what: 'a redirect to another host',
    answer: { status: 302, headers: { location: 'https://evil.example/steal' }, body: '' },
    message:
      'token endpoint answered with a redirect (HTTP 302); peekaboo does not follow ' +
      'redirects there',
  },
];

const PASTED_CODE = 'corpus-pasted-code-0123456789';
/** A failed login stored nothing, so the next step is always to sign in again. */
const AGAIN = (provider: string) => ` (next: peekaboo config login ${provider})\n`;

/** Each bad answer, to a code exchange (Anthropic, pasted code) and to a refresh (OpenAI). */
const tokenAnswerCases: HostileCase[] = BAD_ANSWERS.flatMap(({ what, answer, message }) => [
  {
    name: `login: a token answer with ${what} is refused, nothing stored`,
    args: ['config', 'login', 'anthropic', '--no-browser'],
    input: `${PASTED_CODE}\n`,
    tokenAnswer: answer,
    exit: 1,
    stderr: `error: ${message}${AGAIN('anthropic')}`,
  },
  {
    name: `refresh: a token answer with ${what} is refused, tokens kept`,
    args: ['config', 'token', 'openai'],
    expiredTokens: true,
    tokenAnswer: answer,
    exit: 1,
    stderr:
      `error: refresh failed: ${message}; ` +
      "if this keeps happening, run 'peekaboo config login openai'\n",
  },
]);

const CLAUDE_CALLBACK = 'https://platform.claude.com/oauth/code/callback';

/** What a person might paste into an Anthropic login. */
const pasted: Array<[string, string, string]> = [
  ['a code#state with a state from another login', `${PASTED_CODE}#not-this-login`,
    'the pasted code does not belong to this login (state mismatch)'],
  ['a URL from another host', `https://evil.example/oauth/code/callback?code=${PASTED_CODE}`,
    `pasted URL is from another host; expected one starting with ${CLAUDE_CALLBACK}`],
  ['the callback URL without a code', `${CLAUDE_CALLBACK}?state=abc`,
    'pasted URL has no code in it; paste the URL of the page after sign-in'],
  ['a sentence instead of a code', 'hello there, this is not a code',
    'pasted text does not look like a sign-in code; paste the whole URL or the code shown'],
  ['a query whose state holds markup', `code=${PASTED_CODE}&state=<script>`,
    'pasted text has a malformed state after the code'],
  ['a URL whose error description holds terminal escapes',
    `${CLAUDE_CALLBACK}?error=access_denied&error_description=%1B%5B31mEVIL%0Anext`,
    'sign-in was not completed: access_denied ([31mEVIL next)'],
  ['nothing at all before stdin ends', '', 'no code was pasted'],
];
const pasteCases: HostileCase[] = pasted.map(([what, text, message]) => ({
  name: `login: ${what} is refused before any token request`,
  args: ['config', 'login', 'anthropic', '--no-browser'],
  input: text === '' ? '' : `${text}\n`,
  exit: 1,
  stderr: `error: ${message}${AGAIN('anthropic')}`,
}));

/** Waits for the authorization URL, then sends the browser to the callback with `query`. */
async function callBack(cli: LiveCli, query: (state: string) => string): Promise<string> {
  const url = await cli.authorizationUrl();
  const redirect = url.searchParams.get('redirect_uri') ?? '';
  const page = await fetch(`${redirect}?${query(url.searchParams.get('state') ?? '')}`);
  assert.equal(page.status, 400);
  return page.text();
}

const callbackCases: HostileCase[] = [
  {
    name: 'login: a callback whose state is not this login\'s is refused',
    args: ['config', 'login', 'openai', '--no-browser'],
    browser: async (cli) => {
      const page = await callBack(cli, () => `code=${PASTED_CODE}&state=not-this-login`);
      assert.match(page, /sign-in failed/);
    },
    exit: 1,
    stderr:
      'error: the sign-in answer does not belong to this login (state mismatch)' +
      AGAIN('openai'),
  },
  {
    name: 'login: a callback error with markup and a CRLF is one line, escaped on the page',
    args: ['config', 'login', 'openai', '--no-browser'],
    browser: async (cli) => {
      const description = encodeURIComponent('<script>alert(1)</script>\r\nX-Injected: 1');
      const page = await callBack(
        cli,
        (state) => `error=access_denied&error_description=${description}&state=${state}`,
      );
      assert.ok(!page.includes('<script>'), page);
      assert.match(page, /&#60;script&#62;alert\(1\)&#60;\/script&#62; X-Injected: 1/);
    },
    exit: 1,
    stderr:
      'error: sign-in was not completed: access_denied ' +
      `(<script>alert(1)</script> X-Injected: 1)${AGAIN('openai')}`,
  },
];

/** Pasted codes, callbacks and token endpoint answers that must store nothing. */
export const OAUTH_CASES: HostileCase[] = [...pasteCases, ...callbackCases, ...tokenAnswerCases];
