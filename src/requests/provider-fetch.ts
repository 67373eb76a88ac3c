import { buildAuthHeaders } from '../auth/auth-headers.js';
import type { CredentialKind, CredentialSource, ResolvedCredential } from '../auth/credential.js';
import { CredentialManager } from '../auth/credential-manager.js';
import { PeekabooError, PeekabooProviderError } from '../errors.js';
import { scrubSecrets } from '../http/provider-message.js';
import { findProvider } from '../providers/registry.js';
import type { ProviderDescriptor, ProviderId } from '../providers/types.js';
import {
  readFailure,
  rememberSecrets,
  secretsOf,
  toProviderError,
} from './provider-failure.js';
import { protocolFor } from './protocols/index.js';
import type { Logger, ProviderApi, ProviderEndpoint, RequestTarget } from './types.js';

/** Headers only the credential decides; a caller's values for them are dropped. */
const CREDENTIAL_HEADERS = ['authorization', 'x-api-key', 'x-goog-api-key', 'chatgpt-account-id'];

/** The provider a fetch talks to, and the credentials, environment and fetch it uses. */
export interface ProviderFetchOptions {
  provider: ProviderId | ProviderDescriptor;
  /** Hands out and refreshes credentials; default: one over the default credentials file. */
  manager?: CredentialManager;
  /** Where base-URL overrides are read; give it the same environment as the manager. */
  env?: NodeJS.ProcessEnv;
  /** Replaces the global `fetch` (tests, proxies). */
  fetch?: typeof fetch;
  logger?: Logger;
}

/** Builds a request body for the API, model and credential kind a request goes out with. */
export type RequestBodyBuilder = (target: RequestTarget) => unknown;

/** One request to the provider's endpoint. */
export interface ProviderRequest {
  /**
   * A JSON body (strings are sent as they are), or a function that builds it for the
   * target: the body often depends on the API and the credential kind it goes out with.
   */
  body?: string | object | RequestBodyBuilder;
  /** Gemini names the model in the URL; others read it from the body. */
  model?: string;
  /** Extra headers; the credential's own headers always win over them. */
  headers?: Record<string, string>;
  /** Anthropic beta flags, merged with the ones the credential needs, each once. */
  betaFlags?: readonly string[];
  signal?: AbortSignal;
}

/** A successful (2xx) answer whose body is still unread, and how it was obtained. */
export interface ProviderResponse {
  response: Response;
  provider: ProviderDescriptor;
  api: ProviderApi;
  url: string;
  auth: CredentialKind;
  source: CredentialSource;
}

/** Sends one request with the provider's current credential; see `createProviderFetch`. */
export type ProviderFetch = (request: ProviderRequest) => Promise<ProviderResponse>;

/**
 * A fetch for one provider. Each call resolves the credential (environment, then OAuth
 * tokens refreshed when they expire soon, then the stored API key), picks the endpoint for
 * it, applies its headers and POSTs. A 401 to an OAuth token that was not just refreshed
 * refreshes it once and retries once. The body of a 2xx answer is left to the caller.
 *
 * Throws `ERR_NOT_CONFIGURED`, the refresh errors (`ERR_REFRESH_REJECTED`,
 * `ERR_REFRESH_TRANSIENT`), `ERR_UNSAFE_URL` before sending to an unsafe override,
 * `ERR_SCOPE_LIMIT` when OpenAI says a signed-in token lacks a scope, `ERR_PROVIDER_REQUEST`
 * for any other refusal or network failure, and `ERR_ABORTED` when `signal` aborts.
 */
export function createProviderFetch(options: ProviderFetchOptions): ProviderFetch {
  const provider =
    typeof options.provider === 'string' ? findProvider(options.provider) : options.provider;
  const env = options.env ?? process.env;
  const manager = options.manager ?? new CredentialManager({ env, fetch: options.fetch });
  const protocol = protocolFor(provider);
  const log = (message: string) => options.logger?.debug(message);

  const send = async (credential: ResolvedCredential, request: ProviderRequest) => {
    const endpoint = protocol.endpoint(credential, { env, model: request.model });
    const { model, body: given } = request;
    const target: RequestTarget = { api: endpoint.api, model, auth: credential.kind };
    const body = typeof given === 'function' ? (given as RequestBodyBuilder)(target) : given;
    log(`POST ${endpoint.url} (${provider.id}, ${credential.kind})`);
    let response: Response;
    try {
      response = await (options.fetch ?? fetch)(endpoint.url, {
        method: 'POST',
        headers: buildHeaders(credential, endpoint, request),
        body: body === undefined || typeof body === 'string' ? body : JSON.stringify(body),
        signal: request.signal,
        // A redirect could carry the credential headers to another host.
        redirect: 'manual',
      });
    } catch (error) {
      throw networkError(provider, credential, error, request.signal);
    }
    log(`${provider.id} answered ${response.status}`);
    return { response, endpoint };
  };

  return async (request) => {
    const { signal } = request;
    const before = manager.peek(provider);
    let credential = await manager.getCredential(provider, { signal });
    // A token other than the stored one was refreshed just now (here or by another
    // process); a 401 to it would not be cured by refreshing again.
    const justRefreshed = credential.kind === 'oauth' && before?.secret !== credential.secret;
    let sent = await send(credential, request);

    if (sent.response.status === 401 && credential.kind === 'oauth' && !justRefreshed) {
      const failure = await readFailure(sent.response, credential);
      // A scope refusal will not change with a new token; refreshing would only spend it.
      const special = protocol.explainFailure?.({ ...failure, credential });
      if (special) throw special;
      log(`${provider.id} refused the access token; refreshing it and retrying once`);
      credential = await manager.refreshAfterRejection(credential, { signal });
      sent = await send(credential, request);
    }
    if (!sent.response.ok) {
      throw toProviderError(await readFailure(sent.response, credential), credential, protocol);
    }
    const answer: ProviderResponse = {
      response: sent.response,
      provider,
      api: sent.endpoint.api,
      url: sent.endpoint.url,
      auth: credential.kind,
      source: credential.source,
    };
    rememberSecrets(answer, secretsOf(credential));
    return answer;
  };
}

function buildHeaders(
  credential: ResolvedCredential,
  endpoint: ProviderEndpoint,
  request: ProviderRequest,
): Record<string, string> {
  const caller: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    caller[name.toLowerCase()] = value;
  }
  const flags = [...(request.betaFlags ?? [])];
  if (caller['anthropic-beta']) flags.push(caller['anthropic-beta']);
  delete caller['anthropic-beta'];
  for (const name of CREDENTIAL_HEADERS) delete caller[name];
  return {
    'content-type': 'application/json',
    ...caller,
    ...endpoint.headers,
    ...buildAuthHeaders(credential, { extraBetaFlags: flags }),
  };
}

function networkError(
  provider: ProviderDescriptor,
  credential: ResolvedCredential,
  error: unknown,
  signal: AbortSignal | undefined,
): PeekabooError {
  if (signal?.aborted) {
    return new PeekabooError('ERR_ABORTED', `the ${provider.name} request was cancelled`);
  }
  type Cause = { code?: string; message?: string; errors?: Cause[] };
  const cause = (error as { cause?: Cause }).cause;
  const code = cause?.code ?? cause?.errors?.[0]?.code;
  const why = code ?? cause?.message ?? (error as Error).message;
  return new PeekabooProviderError(
    'ERR_PROVIDER_REQUEST',
    scrubSecrets(`cannot reach ${provider.name} (${why})`, secretsOf(credential)),
  );
}
