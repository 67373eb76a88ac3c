import { PeekabooUsageError } from '../errors.js';
import type { ProviderDescriptor } from '../providers/types.js';
import { protocolFor } from './protocols/index.js';

/** `PEEKABOO_ANTHROPIC_MODEL`, `PEEKABOO_GROK_MODEL`, ...: a person's default model. */
export function modelEnvName(provider: ProviderDescriptor): string {
  return `PEEKABOO_${provider.id.toUpperCase()}_MODEL`;
}

/** The model peekaboo uses for a provider when nobody chose one. */
export function defaultModelFor(provider: ProviderDescriptor): string {
  return protocolFor(provider).defaultModel;
}

/**
 * The model to use: `model` when given, else `PEEKABOO_<P>_MODEL`, else the provider's
 * default. Throws `PeekabooUsageError` (`ERR_INVALID_VALUE`) for an empty name or one with
 * spaces or control characters, which could only break the request.
 */
export function resolveModel(
  provider: ProviderDescriptor,
  options: { model?: string; env?: NodeJS.ProcessEnv } = {},
): string {
  const envName = modelEnvName(provider);
  const fromEnv = (options.env ?? process.env)[envName];
  if (options.model !== undefined) return checkModel(options.model, 'the model name');
  if (fromEnv !== undefined && fromEnv !== '') return checkModel(fromEnv, envName);
  return defaultModelFor(provider);
}

function checkModel(model: string, what: string): string {
  if (/^[\x21-\x7e]{1,200}$/.test(model)) return model;
  throw new PeekabooUsageError(`${what} must be a model id without spaces (got '${model}')`, {
    code: 'ERR_INVALID_VALUE',
  });
}
