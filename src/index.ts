export * from './errors.js';
export type { ProviderDescriptor, ProviderId, OAuthKeys, SecretPlacement } from './providers/types.js';
export { PROVIDERS, findProvider, resolveApiBaseUrl } from './providers/registry.js';
export { CredentialStore } from './store/credentials-store.js';
export type {
  CredentialChanges,
  CredentialStoreOptions,
  CredentialValues,
} from './store/credentials-store.js';
export { resolveConfigDir, resolveCredentialsPath } from './store/paths.js';
export { inspectCredentialsFile } from './store/inspect.js';
export type { CredentialKind, CredentialSource, ResolvedCredential } from './auth/credential.js';
export { resolveCredential } from './auth/resolve-credential.js';
export { validateCredential } from './auth/validate.js';
export type { ValidateOptions, ValidationResult } from './auth/validate.js';
export { checkProviderStatus } from './auth/provider-status.js';
export type { ProviderStatus, StatusOptions } from './auth/provider-status.js';
export { buildAuthHeaders, ANTHROPIC_OAUTH_BETA_FLAGS } from './auth/auth-headers.js';
