import type { CredentialManager } from '../auth/credential-manager.js';
import { findProvider } from '../providers/registry.js';
import type { ProviderDescriptor, ProviderId } from '../providers/types.js';

/** The order in which `analyze` looks for a provider with a credential. */
export const ANALYZE_PROVIDER_ORDER: readonly ProviderId[] = [
  'anthropic',
  'openai',
  'gemini',
  'grok',
];

/**
 * The first provider in `order` that has a credential (environment or file), without
 * any network request. `undefined` when none has one.
 */
export function findConfiguredProvider(
  manager: CredentialManager,
  order: readonly ProviderId[] = ANALYZE_PROVIDER_ORDER,
): ProviderDescriptor | undefined {
  return order.map((id) => findProvider(id)).find((provider) => manager.peek(provider));
}
