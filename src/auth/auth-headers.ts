import { ANTHROPIC_VERSION } from '../providers/anthropic.js';
import type { ResolvedCredential } from './credential.js';
import { readChatGptAccountId } from './chatgpt-account.js';

/**
 * Beta flags Anthropic requires on every request made with a Claude Pro/Max OAuth token;
 * without `oauth-2025-04-20` the API rejects the bearer token.
 */
export const ANTHROPIC_OAUTH_BETA_FLAGS = [
  'oauth-2025-04-20',
  'claude-code-20250219',
  'interleaved-thinking-2025-05-14',
  'fine-grained-tool-streaming-2025-05-14',
] as const;

/**
 * The flags that say "this is a Claude Code OAuth client". They are dropped from the flags a
 * caller adds to an API-key request, where they do not belong; feature flags stay.
 */
export const ANTHROPIC_OAUTH_ONLY_BETA_FLAGS = [
  'oauth-2025-04-20',
  'claude-code-20250219',
] as const;

/** The `originator` the Codex backend expects from a client signed in with ChatGPT. */
export const OPENAI_ORIGINATOR = 'peekaboo';

/**
 * The headers that carry a credential to its provider, by provider and credential kind.
 * `extraBetaFlags` are merged into Anthropic's `anthropic-beta` list, each flag once.
 */
export function buildAuthHeaders(
  credential: ResolvedCredential,
  options: { extraBetaFlags?: readonly string[] } = {},
): Record<string, string> {
  const { provider, secret } = credential;
  const headers: Record<string, string> = {};
  if (provider.id === 'anthropic') headers['anthropic-version'] = ANTHROPIC_VERSION;

  if (credential.kind === 'oauth') {
    headers.authorization = `Bearer ${secret}`;
    if (provider.id === 'anthropic') {
      headers['anthropic-beta'] = mergeFlags(ANTHROPIC_OAUTH_BETA_FLAGS, options.extraBetaFlags);
    }
    if (provider.id === 'openai') {
      const accountId = readChatGptAccountId(secret);
      if (accountId) headers['chatgpt-account-id'] = accountId;
      headers.originator = OPENAI_ORIGINATOR;
    }
    return headers;
  }

  const placement = provider.apiKeyPlacement;
  if (placement.kind === 'bearer') headers.authorization = `Bearer ${secret}`;
  else headers[placement.header] = secret;
  if (provider.id === 'anthropic') {
    const oauthOnly: readonly string[] = ANTHROPIC_OAUTH_ONLY_BETA_FLAGS;
    const flags = mergeFlags([], options.extraBetaFlags)
      .split(',')
      .filter((flag) => flag !== '' && !oauthOnly.includes(flag));
    if (flags.length > 0) headers['anthropic-beta'] = flags.join(',');
  }
  return headers;
}

/** Joins flag lists with commas, keeping the first occurrence of each flag. */
export function mergeFlags(base: readonly string[], extra: readonly string[] = []): string {
  const flags = [...base, ...extra.flatMap((f) => f.split(','))].map((f) => f.trim());
  return [...new Set(flags.filter((f) => f !== ''))].join(',');
}
