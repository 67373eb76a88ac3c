import type { OAuthProviderFacts } from '../oauth/config.js';

/** How a provider expects an API key on the wire. */
export type SecretPlacement =
  | { kind: 'bearer' }
  | { kind: 'header'; header: string };

/** File keys of a provider's OAuth tokens. */
export interface OAuthKeys {
  accessToken: string;
  refreshToken: string;
  /** Unix epoch seconds. */
  expires: string;
}

/** Everything peekaboo knows about one provider's API keys and API. */
export interface ProviderDescriptor {
  /** Stable lower-case id used on the command line and in JSON. */
  id: ProviderId;
  name: string;
  aliases: readonly string[];
  /** The key `config add` writes. */
  apiKeyKey: string;
  /**
   * Names read for an API key, in order: the environment first, then the file, each in
   * this order. The first is `apiKeyKey`.
   */
  apiKeyNames: readonly string[];
  oauthKeys?: OAuthKeys;
  /** The provider's OAuth client facts, for providers that offer a subscription login. */
  oauth?: OAuthProviderFacts & {
    /** Where a person revokes the grant in their account settings. */
    accountSettingsUrl: string;
  };
  baseUrlEnv: string;
  defaultBaseUrl: string;
  apiKeyPlacement: SecretPlacement;
  /** A request that costs nothing, for checking a credential. */
  validation: { path: string; headers: Record<string, string> };
}

/** The stable id of each supported provider. */
export type ProviderId = 'openai' | 'anthropic' | 'grok' | 'gemini';
