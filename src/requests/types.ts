import type { ResolvedCredential } from '../auth/credential.js';

/** The wire API a provider request goes to; it decides the body and the stream format. */
export type ProviderApi =
  | 'anthropic-messages'
  | 'openai-responses'
  | 'chatgpt-codex-responses'
  | 'xai-chat-completions'
  | 'gemini-generate-content';

/** Where a request goes, and the headers that API needs besides the credential's. */
export interface ProviderEndpoint {
  api: ProviderApi;
  url: string;
  headers: Record<string, string>;
}

/** What a request body may depend on: the API it goes to, the model and the credential. */
export interface RequestTarget {
  api: ProviderApi;
  model: string | undefined;
  auth: ResolvedCredential['kind'];
}

/** Image formats peekaboo recognises by their first bytes. */
export type ImageMediaType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

/** An image to send: its bytes and the type read from them. */
export interface ImageInput {
  bytes: Uint8Array;
  mediaType: ImageMediaType;
}

/** The images a provider accepts inline in a request. */
export interface ImageAcceptance {
  providerName: string;
  mediaTypes: readonly ImageMediaType[];
  /** Largest file, in bytes, before base64 encoding. */
  maxBytes: number;
}

/** One server-sent event (https://html.spec.whatwg.org/multipage/server-sent-events.html). */
export interface ServerSentEvent {
  /** The `event:` field; `message` when the event had none. */
  event: string;
  data: string;
}

/** What one streamed event means: text to show, the provider's error, or the end. */
export interface StreamStep {
  text?: string;
  error?: string;
  done?: boolean;
}

/** The request for one image and one prompt, before it is shaped for a provider. */
export interface ImagePrompt {
  image: ImageInput;
  prompt: string;
  model: string;
}

/** Optional diagnostics; the library prints nothing itself. Never receives a secret. */
export interface Logger {
  debug(message: string): void;
}

/** An error answer, as a protocol sees it when it has a special reading for it. */
export interface FailedAnswer {
  status: number;
  /** The provider's own message, secrets already scrubbed. */
  message: string | undefined;
  credential: ResolvedCredential;
}

/**
 * One provider's wire facts: where requests go, how a one-image request looks, how its
 * stream reads. Each lives in one file under src/requests/protocols/.
 */
export interface ProviderProtocol {
  /** The model `analyze` uses unless told otherwise. */
  defaultModel: string;
  images: Omit<ImageAcceptance, 'providerName'>;
  /** Throws `ERR_UNSAFE_URL` for a base-URL override that would leak the credential. */
  endpoint(
    credential: ResolvedCredential,
    context: { env: NodeJS.ProcessEnv; model?: string },
  ): ProviderEndpoint;
  /** A streamed request for one image and one prompt. */
  imageRequestBody(request: ImagePrompt, target: RequestTarget): unknown;
  readStreamEvent(event: ServerSentEvent): StreamStep;
  /** A provider's own reading of an error answer; `undefined` for the generic one. */
  explainFailure?(answer: FailedAnswer): Error | undefined;
}
