import { promises as fsp } from 'node:fs';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { PeekabooError } from '../errors.js';
import { uniqueId } from './unique-id.js';

/** How long to wait for another process to finish before giving up. */
export const DEFAULT_LOCK_TIMEOUT_MS = 60_000;

/** A breaker file older than this was left by a process killed while breaking a lock. */
const BREAKER_STALE_MS = 5_000;

/** A lock file without a readable owner (its writer died mid-write) is stale after this. */
const ORPHAN_STALE_MS = 5_000;

interface LockOwner {
  pid: number;
  host: string;
  nonce: string;
}

export interface LockOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Checked while waiting for another holder: when it returns true the wait ends without
   * taking the lock (the holder already did what this caller came to do).
   */
  stopWaitingWhen?: () => boolean;
}

/** What `withFileLock` returns when `stopWaitingWhen` ended the wait. */
export const LOCK_NOT_NEEDED: unique symbol = Symbol('lock not needed');

/**
 * Runs `task` while holding the cross-process lock `<path>.lock`, and releases it after.
 *
 * The lock is a file created atomically with fsp.link(2): it fails when the lock exists, on
 * every local file system and NFS. A lock whose owner process is gone (same host, pid not
 * alive) is broken; a live owner is waited for, never robbed.
 * Throws `PeekabooError` `ERR_LOCK_TIMEOUT` after `timeoutMs`.
 */
export async function withFileLock<T>(
  path: string,
  task: () => Promise<T>,
  options: LockOptions = {},
): Promise<T | typeof LOCK_NOT_NEEDED> {
  const lockPath = `${path}.lock`;
  const owner: LockOwner = { pid: process.pid, host: hostname(), nonce: randomNonce() };
  if (!(await acquire(lockPath, owner, options))) return LOCK_NOT_NEEDED;
  try {
    return await task();
  } finally {
    await release(lockPath, owner);
  }
}

/** Takes the lock and returns true, or returns false when `stopWaitingWhen` said so. */
async function acquire(
  lockPath: string,
  owner: LockOwner,
  options: LockOptions,
): Promise<boolean> {
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS);
  // The owner record is written to a private file first and then linked into place, so
  // nobody ever sees a lock file that exists but is still empty.
  const draft = `${lockPath}.${owner.pid}.${owner.nonce}`;
  try {
    // Inside the try: a write that fails half way (a full disk) must not leave the draft.
    await fsp.writeFile(draft, JSON.stringify(owner), { mode: 0o600 });
    for (let attempt = 0; ; attempt++) {
      try {
        await fsp.link(draft, lockPath);
        return true;
      } catch (error) {
        if (!isCode(error, 'EEXIST')) throw error;
      }
      const holder = await readOwner(lockPath);
      if (holder === undefined) await assertLockIsFile(lockPath);
      if ((await isStale(lockPath, holder)) && (await breakStaleLock(lockPath, holder))) {
        continue;
      }
      options.signal?.throwIfAborted();
      if (options.stopWaitingWhen?.()) return false;
      if (Date.now() > deadline) throw lockTimeout(lockPath, holder);
      // Short, jittered waits: a holder usually needs a few milliseconds.
      await sleep(Math.min(2 + attempt * 2, 50) + Math.random() * 5);
    }
  } finally {
    await fsp.unlink(draft).catch(() => undefined);
  }
}

async function release(lockPath: string, owner: LockOwner): Promise<void> {
  const holder = await readOwner(lockPath);
  // Only remove our own lock: if it was broken as stale (we were suspended for long),
  // the file now belongs to someone else.
  if (holder?.nonce === owner.nonce) await fsp.unlink(lockPath).catch(() => undefined);
}

async function isStale(lockPath: string, holder: LockOwner | undefined): Promise<boolean> {
  if (holder === undefined) {
    const info = await fsp.stat(lockPath).catch(() => undefined);
    return info !== undefined && Date.now() - info.mtimeMs > ORPHAN_STALE_MS;
  }
  if (holder.host !== hostname()) return false;
  return !isProcessAlive(holder.pid);
}

/**
 * Removes a stale lock; false when another process is doing so right now. Two processes may
 * find the same stale lock at once; the breaker file makes the check-and-unlink one step,
 * so neither can unlink a lock that the other has just taken.
 */
async function breakStaleLock(lockPath: string, seen: LockOwner | undefined): Promise<boolean> {
  const breaker = `${lockPath}.break`;
  const me: LockOwner = { pid: process.pid, host: hostname(), nonce: randomNonce() };
  const draft = `${breaker}.${me.pid}.${me.nonce}`;
  let linked = false;
  try {
    await fsp.writeFile(draft, JSON.stringify(me), { mode: 0o600 });
    await fsp.link(draft, breaker);
    linked = true;
  } catch (error) {
    if (!isCode(error, 'EEXIST')) throw error;
  } finally {
    await fsp.unlink(draft).catch(() => undefined);
  }
  if (!linked) return removeStaleBreaker(lockPath);
  try {
    const now = await readOwner(lockPath);
    if (now?.nonce === seen?.nonce && (await isStale(lockPath, now))) {
      // A lock that cannot be removed is waited for like a live one: retrying at once
      // would spin past every deadline.
      try {
        await fsp.unlink(lockPath);
      } catch (error) {
        return isCode(error, 'ENOENT');
      }
    }
    return true;
  } finally {
    await fsp.unlink(breaker).catch(() => undefined);
  }
}

/**
 * Removes the breaker file `<lockPath>.break` when the process that made it is gone; true
 * when no breaker is left. A process killed while breaking a lock leaves its breaker
 * behind, and waiting for that file to age would hold up every writer meanwhile.
 */
export async function removeStaleBreaker(lockPath: string): Promise<boolean> {
  const breaker = `${lockPath}.break`;
  const info = await fsp.stat(breaker).catch(() => undefined);
  if (!info) return true;
  const maker = await readOwner(breaker);
  const gone = maker?.host === hostname() && !isProcessAlive(maker.pid);
  if (!gone && Date.now() - info.mtimeMs <= BREAKER_STALE_MS) return false;
  await fsp.unlink(breaker).catch(() => undefined);
  return true;
}

/** A directory at the lock path never goes stale and cannot be unlinked: say so at once. */
async function assertLockIsFile(lockPath: string): Promise<void> {
  const info = await fsp.lstat(lockPath).catch(() => undefined);
  if (!info || info.isFile()) return;
  throw new PeekabooError(
    'ERR_CREDENTIALS_FILE',
    `the lock ${lockPath} is not a file, so no write can take it`,
    { hint: `remove ${lockPath}, then try again` },
  );
}

async function readOwner(lockPath: string): Promise<LockOwner | undefined> {
  try {
    const parsed = JSON.parse(await fsp.readFile(lockPath, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number' || typeof parsed.nonce !== 'string') return undefined;
    return { pid: parsed.pid, host: String(parsed.host ?? ''), nonce: parsed.nonce };
  } catch {
    return undefined;
  }
}

/** True when a process with this pid exists on this host. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return isCode(error, 'EPERM');
  }
}

function lockTimeout(lockPath: string, holder: LockOwner | undefined): PeekabooError {
  const who = holder ? `process ${holder.pid}` : 'another process';
  return new PeekabooError(
    'ERR_LOCK_TIMEOUT',
    `the credentials file is locked by ${who} (${lockPath})`,
    { hint: `wait for it to finish; if no peekaboo is running, remove ${lockPath}` },
  );
}

function randomNonce(): string {
  return uniqueId();
}

export function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
