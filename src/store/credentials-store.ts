import { readFileSync, statSync, type Stats, promises as fsp } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { PeekabooError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
import {
  applyChanges,
  NEW_FILE_HEADER,
  parseCredentials,
  serializeCredentials,
  toRecord,
  type CredentialsDocument,
} from './format.js';
import { sweepLeftovers } from './leftovers.js';
import { LOCK_NOT_NEEDED, withFileLock } from './lock.js';
import { resolveCredentialsPath } from './paths.js';
import { assertStorableChanges } from './values.js';
import { writeFailure } from './write-errors.js';

/** Key to value, as read from the credentials file. */
export type CredentialValues = ReadonlyMap<string, string>;

/** Changes for one write: a string sets a key, `undefined` removes it. */
export type CredentialChanges = Record<string, string | undefined>;

/** Where a `CredentialStore` keeps its file and how long a write waits for the lock. */
export interface CredentialStoreOptions {
  /** The credentials file; defaults to `~/.peekaboo/credentials` or `PEEKABOO_CONFIG_DIR`. */
  path?: string;
  /** Read for `HOME` and `PEEKABOO_CONFIG_DIR` when `path` is not given. */
  env?: NodeJS.ProcessEnv;
  /** How long a write waits for another process's lock; 60 s by default. */
  lockTimeoutMs?: number;
}

export interface UpdateOptions {
  /**
   * Checked against the file while another process holds the lock: true means that
   * process already made the change this update was for, so it ends without writing.
   */
  unlessDone?: (current: CredentialValues) => boolean;
}

/**
 * The credentials file: reads are cached until the file changes on disk, and every write
 * is a locked read-modify-write of the file as it is on disk at that moment.
 */
export class CredentialStore {
  readonly path: string;
  private readonly lockTimeoutMs?: number;
  private cache?: { signature: string; values: CredentialValues };

  constructor(options: CredentialStoreOptions = {}) {
    this.path = options.path ?? resolveCredentialsPath(options.env);
    this.lockTimeoutMs = options.lockTimeoutMs;
  }

  /**
   * The current values; an absent file reads as empty. Re-reads only when the file's
   * size, mtime or inode changed. Throws `ERR_CREDENTIALS_FILE` when it cannot be read.
   */
  readSync(): CredentialValues {
    let info: Stats;
    try {
      info = statSync(this.path);
    } catch (error) {
      if (isMissing(error)) return new Map();
      throw fileError(this.path, error);
    }
    if (!info.isFile()) throw notAFile(this.path, info);
    const signature = `${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`;
    if (this.cache?.signature === signature) return this.cache.values;
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      throw fileError(this.path, error);
    }
    const values = toRecord(parseCredentials(text));
    this.cache = { signature, values };
    return values;
  }

  /** Same as `readSync`, for callers that prefer a promise. */
  async read(): Promise<CredentialValues> {
    return this.readSync();
  }

  /**
   * Applies `changes` in one locked, atomic write. See `update`.
   * Throws `ERR_INVALID_VALUE` before writing anything when a value holds a line break
   * or NUL, or a key is not one the file can hold.
   */
  async write(changes: CredentialChanges): Promise<CredentialValues> {
    // Checked before `update` too, so a refused value leaves no directory or lock behind.
    assertStorableChanges(changes);
    return (await this.update(() => changes)).values;
  }

  /**
   * Holds the cross-process lock, reads the file as it is on disk now, asks `decide` for the
   * changes, and writes them atomically with mode 0600 (directory 0700). `decide` may be
   * async (a token refresh runs inside it) and may return `undefined` to write nothing.
   */
  async update<T extends CredentialChanges | undefined>(
    decide: (current: CredentialValues) => T | Promise<T>,
    options: UpdateOptions = {},
  ): Promise<{ changed: boolean; values: CredentialValues; changes: T | undefined }> {
    let deciding = false;
    try {
      await ensurePrivateDirectory(dirname(this.path));
      const { unlessDone } = options;
      // Writes are atomic renames, so reading while another process holds the lock is safe.
      const stopWaitingWhen = unlessDone && (() => this.checkQuietly(unlessDone));
      const outcome = await withFileLock(
        this.path,
        async () => {
          await sweepLeftovers(this.path);
          const target = await writeTarget(this.path);
          // Temporary files go beside a symlink's target: a killed write leaves its copy
          // of every secret there (a dotfiles repository, say), not in the config folder.
          if (target !== this.path) await sweepLeftovers(target);
          const before = await readTargetDocument(target);
          const current = toRecord(before ?? parseCredentials(''));
          deciding = true;
          const changes = await decide(current);
          deciding = false;
          if (changes === undefined || !changesAnything(current, changes)) {
            return { changed: false, values: current, changes };
          }
          assertStorableChanges(changes);
          const next = applyChanges(before ?? parseCredentials(NEW_FILE_HEADER), changes);
          await writeFileAtomic(target, serializeCredentials(next));
          this.cache = undefined;
          return { changed: true, values: toRecord(next), changes };
        },
        { timeoutMs: this.lockTimeoutMs, stopWaitingWhen },
      );
      if (outcome === LOCK_NOT_NEEDED) {
        return { changed: false, values: this.readSync(), changes: undefined };
      }
      return outcome;
    } catch (error) {
      // What `decide` throws (a failed token refresh) is the caller's and passes unchanged.
      throw deciding ? error : writeFailure(this.path, error);
    }
  }

  private checkQuietly(test: (current: CredentialValues) => boolean): boolean {
    try {
      return test(this.readSync());
    } catch {
      return false;
    }
  }

  /**
   * Creates the file with a comment header when absent; applies 0600 either way.
   * Throws `ERR_CREDENTIALS_FILE` when a directory stands at the credentials path.
   */
  async ensureExists(): Promise<void> {
    try {
      await ensurePrivateDirectory(dirname(this.path));
      await withFileLock(this.path, async () => {
        const target = await writeTarget(this.path);
        const info = await fsp.stat(target).catch(() => undefined);
        // A directory here would otherwise get mode 0600 and stop being traversable, and a
        // named pipe would be handed to the editor.
        if (info && !info.isFile()) throw notAFile(target, info);
        if (!info) await writeFileAtomic(target, NEW_FILE_HEADER);
        else await fsp.chmod(target, 0o600);
      });
    } catch (error) {
      throw writeFailure(this.path, error);
    }
  }
}

/** Creates the config directory 0700, and applies 0700 again when it already exists. */
async function ensurePrivateDirectory(dir: string): Promise<void> {
  await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
  // PEEKABOO_CONFIG_DIR may name a directory that is not ours alone (the home directory,
  // /tmp): narrowing those would break other programs, so they keep their mode and
  // `config show` warns when others can write there.
  const info = await fsp.stat(dir);
  const shared = (info.mode & 0o1000) !== 0 || resolve(dir) === resolve(homedir()) || dir === '/';
  if (!shared) await fsp.chmod(dir, 0o700);
}

/**
 * Where a write goes. A credentials path that is a symbolic link (dotfile managers) is
 * followed: the file it points to is replaced and the link itself stays in place.
 */
async function writeTarget(path: string): Promise<string> {
  const info = await fsp.lstat(path).catch(() => undefined);
  if (!info?.isSymbolicLink()) return path;
  try {
    return await fsp.realpath(path);
  } catch {
    // A dangling link: create the file it names.
    return resolve(dirname(path), await fsp.readlink(path));
  }
}

async function readTargetDocument(target: string): Promise<CredentialsDocument | undefined> {
  try {
    // Reading a named pipe would wait for a writer forever; only a regular file is read.
    const info = await fsp.stat(target);
    if (!info.isFile()) throw notAFile(target, info);
    return parseCredentials(await fsp.readFile(target, 'utf8'));
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw fileError(target, error);
  }
}

function changesAnything(current: CredentialValues, changes: CredentialChanges): boolean {
  return Object.entries(changes).some(([key, value]) =>
    value === undefined ? current.has(key) : current.get(key) !== value,
  );
}

function isMissing(error: unknown): boolean {
  return (error as { code?: string }).code === 'ENOENT';
}

function notAFile(path: string, info: Stats): PeekabooError {
  return fileError(path, { code: info.isDirectory() ? 'EISDIR' : NOT_A_FILE });
}

/** Not an errno: the path is a named pipe, a socket or a device. */
const NOT_A_FILE = 'not a regular file';

const READ_PROBLEMS: Record<string, string> = {
  EISDIR: 'is a directory, not a file',
  [NOT_A_FILE]: 'is not a regular file',
  EACCES: 'cannot be read (permission denied)',
  EPERM: 'cannot be read (permission denied)',
};

function fileError(path: string, error: unknown): PeekabooError {
  if (error instanceof PeekabooError) return error;
  const code = (error as { code?: string }).code ?? 'unknown error';
  const why = READ_PROBLEMS[code] ?? `cannot be read (${code})`;
  return new PeekabooError('ERR_CREDENTIALS_FILE', `the credentials file ${path} ${why}`, {
    hint: `fix or move ${path}, then run 'peekaboo config show'`,
  });
}
