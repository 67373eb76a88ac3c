import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { PeekabooUsageError } from '../errors.js';

/** The file name inside the config directory, shared with the Swift Peekaboo and Tachikoma. */
export const CREDENTIALS_FILE_NAME = 'credentials';

/**
 * The config directory: `PEEKABOO_CONFIG_DIR` (absolute, or starting with `~/`), else
 * `~/.peekaboo`. Throws `PeekabooUsageError` for a relative override, which would otherwise
 * put secrets wherever the command happened to run.
 */
export function resolveConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.PEEKABOO_CONFIG_DIR;
  if (override === undefined || override === '') return join(homeDir(env), '.peekaboo');
  if (override === '~' || override.startsWith('~/')) {
    return join(homeDir(env), override.slice(1));
  }
  if (!isAbsolute(override)) {
    throw new PeekabooUsageError(
      `PEEKABOO_CONFIG_DIR must be an absolute path or start with ~/ (got ${override})`,
      { hint: 'export PEEKABOO_CONFIG_DIR="$HOME/.peekaboo"' },
    );
  }
  return override;
}

/** `<config dir>/credentials`. */
export function resolveCredentialsPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(resolveConfigDir(env), CREDENTIALS_FILE_NAME);
}

function homeDir(env: NodeJS.ProcessEnv): string {
  return env.HOME && env.HOME !== '' ? env.HOME : homedir();
}
