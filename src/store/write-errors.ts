import { dirname } from 'node:path';
import { PeekabooError } from '../errors.js';

/** Words for the system errors a write of the credentials file meets in practice. */
const CAUSES: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EIO: 'input/output error',
  ENOTDIR: 'a parent of it is not a directory',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
};

/**
 * Turns a failed file-system call during a write into `ERR_CREDENTIALS_FILE`, naming the
 * credentials path, the cause and what to do next. Anything else (a `PeekabooError`, a
 * bug) is returned unchanged.
 */
export function writeFailure(path: string, error: unknown): unknown {
  const code = systemErrorCode(error);
  if (code === undefined || error instanceof PeekabooError) return error;
  const cause = CAUSES[code] ?? 'the system refused';
  return new PeekabooError(
    'ERR_CREDENTIALS_FILE',
    `cannot write the credentials file ${path}: ${cause} (${code})`,
    { hint: nextStep(code, dirname(path)) },
  );
}

function nextStep(code: string, dir: string): string {
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return `free some space on that disk and try again: df -h ${dir}`;
    case 'EROFS':
      return `remount ${dir} read-write, or set PEEKABOO_CONFIG_DIR to a writable directory`;
    case 'EACCES':
    case 'EPERM':
      return `make the directory yours and writable, then try again: ls -ld ${dir}`;
    default:
      return `check the directory, then try again: ls -ld ${dir}`;
  }
}

/** The errno code of an error thrown by a Node file-system call, such as `ENOSPC`. */
function systemErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  if (typeof code !== 'string' || typeof syscall !== 'string') return undefined;
  return /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}
