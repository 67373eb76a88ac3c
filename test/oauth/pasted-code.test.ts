import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PeekabooOAuthError } from '../../src/errors.js';
import { parsePastedCode } from '../../src/oauth/pasted-code.js';

const REDIRECT = 'http://localhost:1455/auth/callback';
const CODE = 'ac_Secret-Code.123_xyz';

function rejects(input: string, message: RegExp, redirect?: string): PeekabooOAuthError {
  let caught: unknown;
  try {
    parsePastedCode(input, redirect);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof PeekabooOAuthError, `expected a PeekabooOAuthError for ${input}`);
  assert.equal(caught.code, 'ERR_OAUTH_BAD_CODE');
  assert.match(caught.message, message);
  assert.doesNotMatch(caught.message, /\n/);
  assert.ok(!caught.message.includes(CODE), 'the message holds the code');
  return caught;
}

test('the whole callback URL gives code and state', () => {
  const pasted = `${REDIRECT}?code=${CODE}&state=st4te`;
  assert.deepEqual(parsePastedCode(pasted, REDIRECT), { code: CODE, state: 'st4te' });
});

test('a callback URL is accepted without an expected redirect URI', () => {
  assert.deepEqual(parsePastedCode(`https://x.example/cb?code=${CODE}`), { code: CODE });
});

test('code#state from the Anthropic code page is split at the hash', () => {
  assert.deepEqual(parsePastedCode(`${CODE}#st4te`), { code: CODE, state: 'st4te' });
});

test('a query with or without a leading question mark is read', () => {
  assert.deepEqual(parsePastedCode(`code=${CODE}&state=s`), { code: CODE, state: 's' });
  assert.deepEqual(parsePastedCode(`?state=s&code=${CODE}`), { code: CODE, state: 's' });
});

test('a bare code is taken as it is, with no state', () => {
  assert.deepEqual(parsePastedCode(CODE), { code: CODE });
});

test('a bare code with base64 padding is not mistaken for a query', () => {
  assert.deepEqual(parsePastedCode('abc123=='), { code: 'abc123==' });
});

test('spaces and line breaks around the paste are trimmed', () => {
  assert.deepEqual(parsePastedCode(`  \t${CODE}#s \r\n`), { code: CODE, state: 's' });
  assert.deepEqual(parsePastedCode(`\n ${REDIRECT}?code=${CODE}&state=s  `, REDIRECT), {
    code: CODE,
    state: 's',
  });
});

test('a URL from another host is refused', () => {
  rejects(`https://evil.example/auth/callback?code=${CODE}&state=s`, /another host/, REDIRECT);
  rejects(`http://localhost:9999/auth/callback?code=${CODE}`, /another host/, REDIRECT);
});

test('a URL on the right host but another path is refused', () => {
  rejects(`http://localhost:1455/elsewhere?code=${CODE}`, /another host/, REDIRECT);
});

test('a URL without a code says so', () => {
  rejects(`${REDIRECT}?state=s`, /no code/, REDIRECT);
  rejects(REDIRECT, /no code/, REDIRECT);
});

test('a URL with error=access_denied reports the provider error and description', () => {
  const error = rejects(
    `${REDIRECT}?error=access_denied&error_description=User+said+no&state=s`,
    /access_denied \(User said no\)/,
    REDIRECT,
  );
  assert.equal(error.error, 'access_denied');
  assert.equal(error.errorDescription, 'User said no');
});

test('a provider error description with line breaks becomes one line', () => {
  rejects(`error=server_error&error_description=${encodeURIComponent('a\nb\r\nc')}`, /a b c/);
});

test('empty input, a lone hash and text with spaces are refused', () => {
  rejects('   ', /nothing was pasted/);
  rejects('#state', /does not look like/);
  rejects(`${CODE}#`, /malformed state/);
  rejects(`my code is ${CODE}`, /does not look like/);
});

test('a code in the fragment of a callback URL is read', () => {
  assert.deepEqual(parsePastedCode(`${REDIRECT}#code=${CODE}&state=s`, REDIRECT), {
    code: CODE,
    state: 's',
  });
});
