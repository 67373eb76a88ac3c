export * from './errors.js';
export type {
  ProviderDescriptor,
  ProviderId,
  OAuthKeys,
  SecretPlacement,
} from './providers/types.js';
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
export { ANTHROPIC_OAUTH_ONLY_BETA_FLAGS, OPENAI_ORIGINATOR } from './auth/auth-headers.js';
export { openCredentialStore } from './store/open-store.js';
export type { OpenCredentialStoreOptions } from './store/open-store.js';
export { CredentialManager } from './auth/credential-manager.js';
export type { CredentialManagerOptions, GetCredentialOptions } from './auth/credential-manager.js';
export { loginWithOAuth } from './auth/login.js';
export type { OAuthLoginOptions, OAuthLoginResult } from './auth/login.js';
export type { LoginHooks } from './oauth/login-flow.js';
export { logoutOAuth } from './auth/logout.js';
export type { OAuthLogoutResult } from './auth/logout.js';
export { createProviderFetch } from './requests/provider-fetch.js';
export type {
  ProviderFetch,
  ProviderFetchOptions,
  ProviderRequest,
  ProviderResponse,
  RequestBodyBuilder,
} from './requests/provider-fetch.js';
export { streamResponseText } from './requests/stream-text.js';
export { readServerSentEvents } from './requests/sse.js';
export { analyzeImage, DEFAULT_IMAGE_PROMPT } from './requests/analyze-image.js';
export type { AnalyzeImageOptions, ImageAnalysis } from './requests/analyze-image.js';
export { readImageFile, MAX_IMAGE_FILE_BYTES } from './requests/image-file.js';
export { assertImageAccepted, detectImageType } from './requests/image-input.js';
export { imageAcceptanceFor } from './requests/protocols/index.js';
export { defaultModelFor, modelEnvName, resolveModel } from './requests/model.js';
export { ANALYZE_PROVIDER_ORDER, findConfiguredProvider } from './requests/pick-provider.js';
export { CLAUDE_CODE_SYSTEM_PROMPT } from './requests/protocols/anthropic.js';
export { CHATGPT_CODEX_BASE_URL } from './requests/protocols/openai.js';
export type {
  ImageAcceptance,
  ImageInput,
  ImageMediaType,
  Logger,
  ProviderApi,
  RequestTarget,
  ServerSentEvent,
} from './requests/types.js';
