import { PeekabooOAuthError } from '../errors.js';
import { readAuthorizationResponse } from './authorization-response.js';

/** Authorization codes and states seen in the wild are base64url-ish; this is generous. */
const CODE_PATTERN = /^[A-Za-z0-9._~+/=-]{1,4096}$/;
const QUERY_PATTERN = /(^|&)(code|state|error)=/;

/**
 * Reads what a person pasted after signing in: the whole callback URL, `code#state`
 * (Anthropic's code page), a `code=...&state=...` query with or without `?`, or a bare
 * code. When `expectedRedirectUri` is given, a pasted URL must have its origin and path.
 * Throws `PeekabooOAuthError` (`ERR_OAUTH_BAD_CODE`) with a one-line message that never
 * holds the code; a provider error in the URL is reported with the provider's words.
 */
export function parsePastedCode(
  input: string,
  expectedRedirectUri?: string,
): { code: string; state?: string } {
  const text = input.trim();
  if (text === '') throw badCode('nothing was pasted');

  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return fromUrl(text, expectedRedirectUri);
  if (text.startsWith('?') || QUERY_PATTERN.test(text)) {
    return fromParams(new URLSearchParams(text.replace(/^\?/, '')));
  }

  const hash = text.indexOf('#');
  if (hash !== -1) {
    return checked(text.slice(0, hash), text.slice(hash + 1));
  }
  return checked(text, undefined);
}

function fromUrl(text: string, expectedRedirectUri: string | undefined) {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badCode('pasted text looks like a URL but is not a valid one');
  }
  if (expectedRedirectUri !== undefined) {
    const expected = new URL(expectedRedirectUri);
    if (url.origin !== expected.origin || url.pathname !== expected.pathname) {
      throw badCode(
        `pasted URL is from another host; expected one starting with ` +
          `${expected.origin}${expected.pathname}`,
      );
    }
  }

  // Some providers answer in the fragment; the query wins when both carry parameters.
  const params = new URLSearchParams(url.search);
  if (!params.has('code') && !params.has('error')) {
    const fragment = new URLSearchParams(url.hash.replace(/^#/, ''));
    if (fragment.has('code') || fragment.has('error')) return fromParams(fragment);
    throw badCode('pasted URL has no code in it; paste the URL of the page after sign-in');
  }
  return fromParams(params);
}

function fromParams(params: URLSearchParams): { code: string; state?: string } {
  const response = readAuthorizationResponse(params);
  if (response.error) throw response.error;
  if (response.code === undefined) throw badCode('pasted text has no code in it');
  return checked(response.code, response.state);
}

function checked(code: string, state: string | undefined): { code: string; state?: string } {
  if (!CODE_PATTERN.test(code)) {
    throw badCode(
      'pasted text does not look like a sign-in code; paste the whole URL or the code shown',
    );
  }
  if (state === undefined) return { code };
  if (!CODE_PATTERN.test(state)) throw badCode('pasted text has a malformed state after the code');
  return { code, state };
}

function badCode(message: string): PeekabooOAuthError {
  return new PeekabooOAuthError('ERR_OAUTH_BAD_CODE', message);
}
