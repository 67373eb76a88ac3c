import { PeekabooError, PeekabooOAuthError, type PeekabooErrorCode } from '../errors.js';
import { LINE_BREAK_OR_NUL } from '../store/values.js';
import { cleanProviderText, formatOAuthError } from './provider-text.js';
import type { EndpointOutcome } from './token-request.js';
import type { TokenSet } from './types.js';
import { formatSeconds } from '../seconds.js';

/** Ten years: a longer `expires_in` is a broken or hostile answer, not a long-lived token. */
const MAX_EXPIRES_IN_SECONDS = 10 * 366 * 24 * 60 * 60;

/** Which request the outcome answers, plus the secrets its messages must never echo. */
export interface TokenRequestContext {
  grant: 'authorization_code' | 'refresh_token';
  secrets: readonly string[];
  /** Kept when a refresh answer has no new refresh token (RFC 6749 section 6). */
  previousRefreshToken?: string;
}

/**
 * The one place that turns a token endpoint outcome into a `TokenSet` or an error
 * (RFC 6749 sections 5.1 and 5.2).
 *
 * Refresh: `invalid_grant`, 400 and 401 are `ERR_REFRESH_REJECTED` (sign in again);
 * timeouts, network errors, 408, 425, 429 and 5xx are `ERR_REFRESH_TRANSIENT` (try later).
 * Code exchange: a timeout is `ERR_OAUTH_TIMEOUT`, `invalid_grant` is `ERR_OAUTH_BAD_CODE`,
 * other refusals and failures are `ERR_OAUTH_TOKEN_ENDPOINT`.
 * Both: a redirect or a 2xx that is not the expected JSON is `ERR_OAUTH_BAD_RESPONSE`; a
 * kept value with a line break or NUL is `ERR_INVALID_VALUE`; cancellation is `ERR_ABORTED`.
 */
export function toTokenSet(outcome: EndpointOutcome, request: TokenRequestContext): TokenSet {
  const refresh = request.grant === 'refresh_token';
  const failed = (refreshCode: PeekabooErrorCode, codeGrantCode: PeekabooErrorCode) =>
    refresh ? refreshCode : codeGrantCode;

  if (outcome.kind === 'aborted') {
    throw new PeekabooError('ERR_ABORTED', 'the token request was cancelled');
  }
  if (outcome.kind === 'timeout') {
    throw new PeekabooOAuthError(
      failed('ERR_REFRESH_TRANSIENT', 'ERR_OAUTH_TIMEOUT'),
      `token endpoint did not answer within ${formatSeconds(outcome.timeoutMs)} s`,
    );
  }
  if (outcome.kind === 'network') {
    throw new PeekabooOAuthError(
      failed('ERR_REFRESH_TRANSIENT', 'ERR_OAUTH_TOKEN_ENDPOINT'),
      `could not reach the token endpoint (${outcome.reason})`,
    );
  }

  const { status } = outcome;
  if (status >= 200 && status < 300) return readTokenSet(outcome.body, outcome, request);
  if (status >= 300 && status < 400) throw redirectError(status, 'token');

  const oauthError = readOAuthError(outcome.body, request.secrets);
  const details = { status, error: oauthError?.error, errorDescription: oauthError?.description };
  const what = refresh ? 'the refresh token' : 'the code';
  const reason = oauthError
    ? formatOAuthError(oauthError.error, oauthError.description)
    : `HTTP ${status}`;

  if (refresh) {
    if (oauthError?.error === 'invalid_grant' || status === 400 || status === 401) {
      throw new PeekabooOAuthError(
        'ERR_REFRESH_REJECTED',
        `token endpoint refused ${what}: ${reason}`,
        details,
      );
    }
    if (isTransientStatus(status)) {
      throw new PeekabooOAuthError(
        'ERR_REFRESH_TRANSIENT',
        `token endpoint is unavailable right now: ${reason}`,
        details,
      );
    }
  }
  if (status >= 500) {
    throw new PeekabooOAuthError(
      'ERR_OAUTH_TOKEN_ENDPOINT',
      `token endpoint failed: ${reason}`,
      details,
    );
  }
  const code = !refresh && oauthError?.error === 'invalid_grant'
    ? 'ERR_OAUTH_BAD_CODE'
    : 'ERR_OAUTH_TOKEN_ENDPOINT';
  throw new PeekabooOAuthError(code, `token endpoint refused ${what}: ${reason}`, details);
}

/**
 * Maps a revocation endpoint outcome (RFC 7009 section 2.2): any 2xx is success, since the
 * server answers 200 for tokens it does not know.
 */
export function checkRevocationOutcome(
  outcome: EndpointOutcome,
  secrets: readonly string[],
): void {
  if (outcome.kind === 'aborted') {
    throw new PeekabooError('ERR_ABORTED', 'the revocation request was cancelled');
  }
  if (outcome.kind === 'timeout') {
    throw new PeekabooOAuthError(
      'ERR_OAUTH_TIMEOUT',
      `revocation endpoint did not answer within ${formatSeconds(outcome.timeoutMs)} s`,
    );
  }
  if (outcome.kind === 'network') {
    throw new PeekabooOAuthError(
      'ERR_OAUTH_TOKEN_ENDPOINT',
      `could not reach the revocation endpoint (${outcome.reason})`,
    );
  }
  const { status } = outcome;
  if (status >= 200 && status < 300) return;
  if (status >= 300 && status < 400) throw redirectError(status, 'revocation');

  const oauthError = readOAuthError(outcome.body, secrets);
  const reason = oauthError
    ? formatOAuthError(oauthError.error, oauthError.description)
    : `HTTP ${status}`;
  throw new PeekabooOAuthError(
    'ERR_OAUTH_TOKEN_ENDPOINT',
    `revocation endpoint refused the token: ${reason}`,
    { status, error: oauthError?.error, errorDescription: oauthError?.description },
  );
}

function readTokenSet(
  body: string | undefined,
  answer: { status: number; contentType: string },
  request: TokenRequestContext,
): TokenSet {
  if (body === undefined) {
    throw badResponse('token endpoint sent more than 1 MiB; nothing stored');
  }
  const json = parseJsonObject(body);
  if (json === undefined) {
    const type = cleanProviderText(answer.contentType.split(';')[0] ?? '') || 'no content type';
    throw badResponse(
      `token endpoint answered HTTP ${answer.status} with something other than a JSON ` +
        `object (${type}); nothing stored`,
    );
  }

  const accessToken = stringField(json, 'access_token');
  const refreshToken = stringField(json, 'refresh_token');
  const idToken = stringField(json, 'id_token');
  const scope = stringField(json, 'scope');
  for (const value of [accessToken, refreshToken, idToken, scope]) {
    // A line break would split the value into two entries of the credentials file.
    if (value !== undefined && LINE_BREAK_OR_NUL.test(value)) {
      throw new PeekabooOAuthError(
        'ERR_INVALID_VALUE',
        'token endpoint returned a value with a line break; nothing stored',
      );
    }
  }

  if (!accessToken) throw missingField('access_token');
  if (!refreshToken && request.grant === 'authorization_code') {
    throw missingField('refresh_token');
  }
  const expiresIn = readExpiresIn(json.expires_in);

  const tokens: TokenSet = {
    accessToken,
    refreshToken: refreshToken || request.previousRefreshToken,
    expiresIn,
  };
  if (idToken) tokens.idToken = idToken;
  if (scope) tokens.scope = scope;
  return tokens;
}

function readExpiresIn(value: unknown): number {
  const seconds =
    typeof value === 'number' ? value
    : typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value)
    : undefined;
  if (seconds === undefined) {
    throw badResponse('token endpoint answer has no numeric expires_in; nothing stored');
  }
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > MAX_EXPIRES_IN_SECONDS) {
    throw badResponse('token endpoint answer has an impossible expires_in; nothing stored');
  }
  return Math.floor(seconds);
}

/** `undefined` for a missing or null field; a non-string value is a malformed answer. */
function stringField(json: Record<string, unknown>, name: string): string | undefined {
  const value = json[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw badResponse(`token endpoint answer's ${name} is not a string; nothing stored`);
  }
  return value;
}

/** The `error` and `error_description` of an RFC 6749 section 5.2 body, cleaned. */
function readOAuthError(
  body: string | undefined,
  secrets: readonly string[],
): { error: string; description?: string } | undefined {
  const json = body === undefined ? undefined : parseJsonObject(body);
  if (typeof json?.error !== 'string') return undefined;
  const error = cleanProviderText(json.error, secrets) || 'unknown_error';
  const rawDescription = json.error_description;
  const description =
    typeof rawDescription === 'string'
      ? cleanProviderText(rawDescription, secrets) || undefined
      : undefined;
  return { error, description };
}

function parseJsonObject(body: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // Not JSON; the caller words the error.
  }
  return undefined;
}

function isTransientStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

function redirectError(status: number, endpoint: 'token' | 'revocation'): PeekabooOAuthError {
  return new PeekabooOAuthError(
    'ERR_OAUTH_BAD_RESPONSE',
    `${endpoint} endpoint answered with a redirect (HTTP ${status}); peekaboo does not ` +
      'follow redirects there',
    { status },
  );
}

function missingField(name: string): PeekabooOAuthError {
  return badResponse(`token endpoint answer has no ${name}; nothing stored`);
}

function badResponse(message: string): PeekabooOAuthError {
  return new PeekabooOAuthError('ERR_OAUTH_BAD_RESPONSE', message);
}
