import { join } from 'node:path';
import { CredentialStore } from './credentials-store.js';
import { CREDENTIALS_FILE_NAME } from './paths.js';

/** Which credentials file `openCredentialStore` opens. */
export interface OpenCredentialStoreOptions {
  /** A config directory holding `credentials`, instead of `~/.peekaboo`. */
  directory?: string;
  /** Read for `PEEKABOO_CONFIG_DIR` and `HOME` when no directory is given. */
  env?: NodeJS.ProcessEnv;
  /** How long a write waits for another process's lock. */
  lockTimeoutMs?: number;
}

/**
 * Opens the credentials file shared with the `peekaboo` command: `<directory>/credentials`
 * when a directory is given, else `$PEEKABOO_CONFIG_DIR/credentials` or
 * `~/.peekaboo/credentials`. Nothing is read or created until the store is used.
 * Throws `PeekabooUsageError` for a relative `PEEKABOO_CONFIG_DIR`.
 */
export function openCredentialStore(options: OpenCredentialStoreOptions = {}): CredentialStore {
  const path =
    options.directory === undefined ? undefined : join(options.directory, CREDENTIALS_FILE_NAME);
  return new CredentialStore({ path, env: options.env, lockTimeoutMs: options.lockTimeoutMs });
}
