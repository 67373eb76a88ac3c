import type { ProviderDescriptor } from '../providers/types.js';

/** An API key, or an OAuth access token from a subscription sign-in. */
export type CredentialKind = 'api-key' | 'oauth';

/** Where a credential came from: an environment variable or a key in the file. */
export interface CredentialSource {
  kind: 'env' | 'file';
  key: string;
}

/** The credential a provider request would use, and where it came from. */
export interface ResolvedCredential {
  provider: ProviderDescriptor;
  kind: CredentialKind;
  /** The API key or OAuth access token (empty when only a refresh token is stored). */
  secret: string;
  source: CredentialSource;
  /** OAuth only: when the access token expires, Unix epoch seconds, when known. */
  expiresAt?: number;
  /** OAuth only: the refresh token from the file. */
  refreshToken?: string;
  /** Credentials in the file that an environment variable hides. */
  shadowed: CredentialSource[];
}
