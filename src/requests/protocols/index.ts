import type { ProviderDescriptor, ProviderId } from '../../providers/types.js';
import type { ImageAcceptance, ProviderProtocol } from '../types.js';
import { anthropicProtocol } from './anthropic.js';
import { geminiProtocol } from './gemini.js';
import { grokProtocol } from './grok.js';
import { openaiProtocol } from './openai.js';

const PROTOCOLS: Record<ProviderId, ProviderProtocol> = {
  anthropic: anthropicProtocol,
  openai: openaiProtocol,
  gemini: geminiProtocol,
  grok: grokProtocol,
};

/** The wire protocol of a provider. */
export function protocolFor(provider: ProviderDescriptor): ProviderProtocol {
  return PROTOCOLS[provider.id];
}

/** The images a provider accepts inline, with its name for messages. */
export function imageAcceptanceFor(provider: ProviderDescriptor): ImageAcceptance {
  return { providerName: provider.name, ...protocolFor(provider).images };
}
