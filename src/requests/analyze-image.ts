import type { CredentialKind } from '../auth/credential.js';
import { CredentialManager } from '../auth/credential-manager.js';
import { PeekabooProviderError } from '../errors.js';
import { findProvider } from '../providers/registry.js';
import type { ProviderDescriptor, ProviderId } from '../providers/types.js';
import { startIdleTimer } from './idle-timer.js';
import { assertImageAccepted } from './image-input.js';
import { resolveModel } from './model.js';
import { createProviderFetch } from './provider-fetch.js';
import { imageAcceptanceFor, protocolFor } from './protocols/index.js';
import { streamResponseText } from './stream-text.js';
import type { ImageInput, Logger } from './types.js';
import { formatSeconds } from '../seconds.js';

/** The prompt when the caller gives none. */
export const DEFAULT_IMAGE_PROMPT = 'Describe this image.';

/** What `analyzeImage` sends, with which credentials, and where the answer goes. */
export interface AnalyzeImageOptions {
  provider: ProviderId | ProviderDescriptor;
  image: ImageInput;
  /** Default: `DEFAULT_IMAGE_PROMPT`. */
  prompt?: string;
  /** Default: `PEEKABOO_<P>_MODEL`, else the provider's default model. */
  model?: string;
  manager?: CredentialManager;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /**
   * Longest silence from the provider, before its answer starts and between its pieces.
   * A long answer that keeps streaming is never cut off. Default: no limit.
   */
  idleTimeoutMs?: number;
  /** Called with each piece of the answer as it arrives. */
  onText?: (text: string) => void;
  logger?: Logger;
}

/** A complete answer about an image. */
export interface ImageAnalysis {
  provider: ProviderId;
  model: string;
  auth: CredentialKind;
  text: string;
}

/**
 * Sends one image and a prompt to a provider with its current credential and streams the
 * answer to `onText`. The image is checked against what the provider accepts before
 * anything is sent (`ERR_BAD_INPUT_FILE`). Throws what `createProviderFetch` throws,
 * `ERR_PROVIDER_REQUEST` for an error in the stream, and `ERR_PROVIDER_TIMEOUT` when the
 * provider stays silent longer than `idleTimeoutMs`.
 */
export async function analyzeImage(options: AnalyzeImageOptions): Promise<ImageAnalysis> {
  const provider =
    typeof options.provider === 'string' ? findProvider(options.provider) : options.provider;
  const env = options.env ?? process.env;
  assertImageAccepted(options.image, imageAcceptanceFor(provider));
  const model = resolveModel(provider, { model: options.model, env });
  const prompt = options.prompt ?? DEFAULT_IMAGE_PROMPT;
  const protocol = protocolFor(provider);
  const send = createProviderFetch({
    provider,
    manager: options.manager ?? new CredentialManager({ env, fetch: options.fetch }),
    env,
    fetch: options.fetch,
    logger: options.logger,
  });

  const idle = startIdleTimer(options.idleTimeoutMs, options.signal);
  try {
    const answer = await send({
      model,
      body: (target) => protocol.imageRequestBody({ image: options.image, prompt, model }, target),
      headers: { accept: 'text/event-stream' },
      signal: idle.signal,
    });
    let text = '';
    for await (const piece of streamResponseText(answer)) {
      idle.touch();
      text += piece;
      options.onText?.(piece);
    }
    return { provider: provider.id, model, auth: answer.auth, text };
  } catch (error) {
    if (!idle.expired) throw error;
    const seconds = formatSeconds(options.idleTimeoutMs ?? 0);
    throw new PeekabooProviderError(
      'ERR_PROVIDER_TIMEOUT',
      `${provider.name} sent nothing for ${seconds}s; gave up waiting`,
      { hint: 'try again, or allow a longer timeout (analyze --timeout N)' },
    );
  } finally {
    idle.stop();
  }
}
