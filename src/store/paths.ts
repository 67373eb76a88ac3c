import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { PeekabooUsageError } from '../errors.js';

/** The file name inside the config directory, shared with the Swift Peekaboo and Tachikoma. */
export const CREDENTIALS_FILE_NAME = 'credentials';

/**
 * The config directory: `PEEKABOO_CONFIG_DIR` (absolute, or starting with `~/`), else
 * `~/.peekaboo`. Throws `PeekabooUsageError` for a relative override or a relative HOME,
 * which would otherwise put secrets wherever the command happened to run.
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

/** A relative HOME, like a relative override, would put secrets wherever the command ran. */
function homeDir(env: NodeJS.ProcessEnv): string {
  const home = env.HOME && env.HOME !== '' ? env.HOME : homedir();
  if (isAbsolute(home)) return home;
  throw new PeekabooUsageError(`HOME must be an absolute path (got ${home})`, {
    hint: 'set HOME to your home directory, or PEEKABOO_CONFIG_DIR to an absolute path',
  });
}
