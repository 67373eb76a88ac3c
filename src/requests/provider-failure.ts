import type { ResolvedCredential } from '../auth/credential.js';
import { PeekabooProviderError } from '../errors.js';
import { readLimitedText } from '../http/limited-body.js';
import { extractProviderMessage, scrubSecrets } from '../http/provider-message.js';
import type { ProviderProtocol } from './types.js';

/** An error answer, read once: its status and the provider's own message, scrubbed. */
export interface ProviderFailure {
  status: number;
  message: string | undefined;
}

/** Reads a bounded part of an error answer and scrubs every secret of the credential out. */
export async function readFailure(
  response: Response,
  credential: ResolvedCredential,
): Promise<ProviderFailure> {
  const { text } = await readLimitedText(response).catch(() => ({ text: '' }));
  const message = extractProviderMessage(text);
  return {
    status: response.status,
    message: message === undefined ? undefined : scrubSecrets(message, secretsOf(credential)),
  };
}

/**
 * The error for a provider's refusal: the protocol's own reading when it has one (OpenAI's
 * scope limit), else `ERR_PROVIDER_REQUEST` with the status and message. Holds no raw body.
 */
export function toProviderError(
  failure: ProviderFailure,
  credential: ResolvedCredential,
  protocol: ProviderProtocol,
): Error {
  const special = protocol.explainFailure?.({ ...failure, credential });
  if (special) return special;
  const { provider } = credential;
  const { status, message } = failure;
  const what =
    status >= 300 && status < 400
      ? `redirected the request (${status}); credentials are not sent on to another address`
      : `answered ${status}${message ? `: ${message}` : ''}`;
  return new PeekabooProviderError('ERR_PROVIDER_REQUEST', `${provider.name} ${what}`, {
    status,
    hint: status === 401 || status === 403 ? fixFor(credential) : undefined,
  });
}

/** Every secret a message about this credential must not show. */
export function secretsOf(credential: ResolvedCredential): string[] {
  return [credential.secret, credential.refreshToken ?? ''].filter((s) => s !== '');
}

function fixFor(credential: ResolvedCredential): string {
  const { provider, kind, source } = credential;
  if (source.kind === 'env') return `check ${source.key}, or unset it`;
  return kind === 'oauth'
    ? `peekaboo config login ${provider.id}`
    : `peekaboo config add ${provider.id}`;
}

/**
 * The secrets behind each answer, kept out of the answer object itself so logging that
 * object can never print them; the stream reader scrubs mid-stream errors with them.
 */
const answerSecrets = new WeakMap<object, readonly string[]>();

/** Records the secrets an answer was obtained with. */
export function rememberSecrets(answer: object, secrets: readonly string[]): void {
  answerSecrets.set(answer, secrets);
}

/** Scrubs the secrets an answer was obtained with out of provider text about it. */
export function scrubForAnswer(answer: object, text: string): string {
  return scrubSecrets(text, answerSecrets.get(answer) ?? []);
}
