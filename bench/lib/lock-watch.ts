import { watch } from 'node:fs';

/**
 * Counts the processes that went for the credentials lock, from the draft files the lock
 * writes beside the file (`credentials.lock.<pid>.<nonce>`) before it tries to take the lock.
 * A process gets there only when it found the token expiring, so this tells whether a fan-in
 * run really had every process see the expired token. Relies on inotify-style events
 * (Linux); elsewhere the count may come out low, and it is shown as seen, not asserted.
 */
export interface LockWatch {
  /** Process ids seen at the lock, the bench's own excluded. */
  readonly pids: ReadonlySet<number>;
  /** Resolves when `count` processes were seen, or after `timeoutMs`. */
  waitFor(count: number, timeoutMs: number): Promise<boolean>;
  close(): void;
}

const DRAFT = /^credentials\.lock\.(\d+)\.[0-9a-f]+$/;

export function watchLockDrafts(configDir: string): LockWatch {
  const pids = new Set<number>();
  const waiters: Array<() => void> = [];
  const watcher = watch(configDir, (_event, name) => {
    const pid = Number(DRAFT.exec(String(name ?? ''))?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid || pids.has(pid)) return;
    pids.add(pid);
    for (const wake of waiters.splice(0)) wake();
  });
  return {
    pids,
    waitFor: async (count, timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      while (pids.size < count && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return pids.size >= count;
    },
    close: () => watcher.close(),
  };
}
