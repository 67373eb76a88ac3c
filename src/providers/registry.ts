import { PeekabooUsageError } from '../errors.js';
import { assertSafeUrl } from '../http/url-guard.js';
import { anthropic } from './anthropic.js';
import { gemini } from './gemini.js';
import { grok } from './grok.js';
import { openai } from './openai.js';
import type { ProviderDescriptor } from './types.js';

/** Every provider, in the order commands list them. */
export const PROVIDERS: readonly ProviderDescriptor[] = [openai, anthropic, grok, gemini];

/** Provider ids for messages: `openai, anthropic, grok (xai), gemini (google)`. */
export function describeProviderIds(providers = PROVIDERS): string {
  return providers
    .map((p) => (p.aliases.length > 0 ? `${p.id} (${p.aliases.join(', ')})` : p.id))
    .join(', ');
}

/**
 * Finds a provider by id or alias, case-insensitively.
 * Throws `PeekabooUsageError` (`ERR_UNKNOWN_PROVIDER`) listing the supported ones.
 */
export function findProvider(idOrAlias: string, providers = PROVIDERS): ProviderDescriptor {
  const wanted = idOrAlias.trim().toLowerCase();
  const found = providers.find((p) => p.id === wanted || p.aliases.includes(wanted));
  if (found) return found;
  throw new PeekabooUsageError(
    `unknown provider '${idOrAlias}'; supported: ${describeProviderIds(providers)}`,
    { code: 'ERR_UNKNOWN_PROVIDER' },
  );
}

/**
 * The provider's API base URL, from its environment variable or the default, without a
 * trailing slash. Throws `ERR_UNSAFE_URL` for an override that is neither https nor loopback.
 */
export function resolveApiBaseUrl(
  provider: ProviderDescriptor,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const override = env[provider.baseUrlEnv];
  if (override === undefined || override === '') return provider.defaultBaseUrl;
  assertSafeUrl(override, provider.baseUrlEnv);
  return override.replace(/\/+$/, '');
}
