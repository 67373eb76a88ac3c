import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { createPkcePair, createState } from '../../src/oauth/pkce.js';

const UNRESERVED = /^[A-Za-z0-9\-._~]+$/;

test('the verifier is 43 to 128 characters of the unreserved alphabet', () => {
  for (let i = 0; i < 50; i += 1) {
    const { codeVerifier } = createPkcePair();
    assert.ok(codeVerifier.length >= 43 && codeVerifier.length <= 128, codeVerifier);
    assert.match(codeVerifier, UNRESERVED);
  }
});

test('the challenge is base64url of the SHA-256 of the verifier, without padding', () => {
  const { codeVerifier, codeChallenge } = createPkcePair();
  const expected = createHash('sha256')
    .update(codeVerifier)
    .digest('base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
  assert.equal(codeChallenge, expected);
  assert.doesNotMatch(codeChallenge, /[=+/]/);
});

test('the challenge matches the RFC 7636 appendix B example', async () => {
  const { computeCodeChallenge } = await import('../../src/oauth/pkce.js');
  assert.equal(
    computeCodeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'),
    'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  );
});

test('state is drawn apart from the verifier and every value is fresh', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 200; i += 1) {
    const { codeVerifier, codeChallenge } = createPkcePair();
    const state = createState();
    assert.notEqual(state, codeVerifier);
    assert.notEqual(state, codeChallenge);
    assert.match(state, UNRESERVED);
    assert.ok(state.length >= 32);
    for (const value of [codeVerifier, state]) {
      assert.ok(!seen.has(value), 'a value repeated');
      seen.add(value);
    }
  }
});
