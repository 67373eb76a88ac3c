import { PeekabooOAuthError } from '../errors.js';
import { cleanProviderText, formatOAuthError } from './provider-text.js';

/** What came back on the redirect URI (RFC 6749 sections 4.1.2 and 4.1.2.1). */
export interface AuthorizationResponse {
  code?: string;
  state?: string;
  /** Set when the provider reported an error instead of a code. */
  error?: PeekabooOAuthError;
}

/**
 * Reads `code`, `state` and `error`/`error_description` from redirect parameters. An
 * error becomes a `PeekabooOAuthError` (`ERR_OAUTH_BAD_CODE`) carrying the provider's
 * words, cleaned for a one-line message.
 */
export function readAuthorizationResponse(params: URLSearchParams): AuthorizationResponse {
  const code = params.get('code') ?? undefined;
  const state = params.get('state') ?? undefined;
  const rawError = params.get('error');
  if (rawError === null) return { code, state };

  const error = cleanProviderText(rawError) || 'unknown_error';
  const rawDescription = params.get('error_description');
  const errorDescription =
    rawDescription === null ? undefined : cleanProviderText(rawDescription) || undefined;
  const message = `sign-in was not completed: ${formatOAuthError(error, errorDescription)}`;
  return {
    code,
    state,
    error: new PeekabooOAuthError('ERR_OAUTH_BAD_CODE', message, {
      error,
      errorDescription,
    }),
  };
}
