/**
 * Every error peekaboo throws on purpose carries a stable `code`, so callers and `--json`
 * output can branch on it while the wording of `message` keeps improving.
 * Messages never hold a secret, and no error keeps a raw HTTP response.
 */
export type PeekabooErrorCode =
  | 'ERR_USAGE'
  | 'ERR_UNKNOWN_PROVIDER'
  | 'ERR_INVALID_SECRET'
  | 'ERR_INVALID_VALUE'
  | 'ERR_UNSAFE_URL'
  | 'ERR_LOCK_TIMEOUT'
  | 'ERR_CREDENTIALS_FILE'
  | 'ERR_NOT_CONFIGURED'
  | 'ERR_OAUTH_STATE_MISMATCH'
  | 'ERR_OAUTH_BAD_CODE'
  | 'ERR_OAUTH_TOKEN_ENDPOINT'
  | 'ERR_OAUTH_BAD_RESPONSE'
  | 'ERR_OAUTH_TIMEOUT'
  | 'ERR_OAUTH_LOGIN_TIMEOUT'
  | 'ERR_REFRESH_REJECTED'
  | 'ERR_REFRESH_TRANSIENT'
  | 'ERR_PROVIDER_REQUEST'
  | 'ERR_PROVIDER_TIMEOUT'
  | 'ERR_SCOPE_LIMIT'
  | 'ERR_BAD_INPUT_FILE'
  | 'ERR_ABORTED';

/** Base class of every deliberate peekaboo error. `hint` is the next command to run. */
export class PeekabooError extends Error {
  readonly code: PeekabooErrorCode;
  hint?: string;

  constructor(code: PeekabooErrorCode, message: string, options: { hint?: string } = {}) {
    super(message);
    this.name = 'PeekabooError';
    this.code = code;
    this.hint = options.hint;
  }

  /** Adds the next step to an error that has none yet; returns the same error. */
  withHint(hint: string): this {
    this.hint ??= hint;
    return this;
  }
}

/** A mistake in how a command was called or what it was given (exit code 2). */
export class PeekabooUsageError extends PeekabooError {
  constructor(message: string, options: { hint?: string; code?: PeekabooErrorCode } = {}) {
    super(options.code ?? 'ERR_USAGE', message, options);
    this.name = 'PeekabooUsageError';
  }
}

/** An OAuth authorization or token endpoint refused or answered badly. */
export class PeekabooOAuthError extends PeekabooError {
  /** The provider's `error` field (RFC 6749 section 5.2), when it sent one. */
  readonly error?: string;
  readonly errorDescription?: string;
  readonly status?: number;

  constructor(
    code: PeekabooErrorCode,
    message: string,
    details: { error?: string; errorDescription?: string; status?: number; hint?: string } = {},
  ) {
    super(code, message, { hint: details.hint });
    this.name = 'PeekabooOAuthError';
    this.error = details.error;
    this.errorDescription = details.errorDescription;
    this.status = details.status;
  }
}

/** A provider API request failed; `status` is the HTTP status when there was an answer. */
export class PeekabooProviderError extends PeekabooError {
  readonly status?: number;

  constructor(
    code: PeekabooErrorCode,
    message: string,
    details: { status?: number; hint?: string } = {},
  ) {
    super(code, message, { hint: details.hint });
    this.name = 'PeekabooProviderError';
    this.status = details.status;
  }
}
