import { scrubSecrets } from '../http/provider-message.js';

const MAX_PROVIDER_TEXT = 200;

/**
 * Makes text a provider sent (an OAuth `error_description`, say) safe for a one-line
 * message: control characters and line breaks become spaces, long text is cut, and any
 * of `secrets` the provider echoed back is replaced with `***`.
 */
export function cleanProviderText(text: string, secrets: readonly string[] = []): string {
  let clean = scrubSecrets(text, secrets);
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  clean = clean.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
  clean = clean.replace(/\s+/g, ' ').trim();
  return clean.length > MAX_PROVIDER_TEXT ? `${clean.slice(0, MAX_PROVIDER_TEXT)}…` : clean;
}

/** `invalid_grant (Code expired)`, or just `invalid_grant` when there is no description. */
export function formatOAuthError(error: string, description?: string): string {
  return description ? `${error} (${description})` : error;
}
