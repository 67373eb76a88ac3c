import { PeekabooProviderError } from '../errors.js';
import { scrubForAnswer } from './provider-failure.js';
import type { ProviderResponse } from './provider-fetch.js';
import { protocolFor } from './protocols/index.js';
import { readServerSentEvents } from './sse.js';

/**
 * The answer's text, piece by piece as the provider streams it, from a response of
 * `createProviderFetch` whose request asked for a stream. Ends at the provider's end
 * marker or the end of the body. Throws `ERR_PROVIDER_REQUEST` when the stream reports an
 * error midway; stopping early cancels the body.
 */
export async function* streamResponseText(answer: ProviderResponse): AsyncGenerator<string> {
  if (!answer.response.body) return;
  const protocol = protocolFor(answer.provider);
  for await (const event of readServerSentEvents(answer.response.body)) {
    const step = protocol.readStreamEvent(event);
    if (step.error) {
      throw new PeekabooProviderError(
        'ERR_PROVIDER_REQUEST',
        `${answer.provider.name} stopped with an error: ${scrubForAnswer(answer, step.error)}`,
      );
    }
    if (step.text) yield step.text;
    if (step.done) return;
  }
}
