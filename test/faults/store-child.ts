import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./children/store-child.mjs', import.meta.url));

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** A running `children/store-child.mjs`, with its stdout split into lines. */
export interface StoreChild {
  process: ChildProcess;
  /** Every stdout line so far. */
  lines: string[];
  /** Resolves with the first line starting with `prefix`; rejects when the child ends first. */
  waitForLine(prefix: string, timeoutMs?: number): Promise<string>;
  exited: Promise<ChildExit>;
}

const running = new Set<ChildProcess>();

/** Starts the child script with the built library (`dist/`), which the test run builds. */
export function startStoreChild(args: string[]): StoreChild {
  const child = spawn(process.execPath, [SCRIPT, ...args], { stdio: 'pipe' });
  running.add(child);
  child.on('exit', () => running.delete(child));
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let stderr = '';
  let pending = '';
  let ended = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (pending + chunk).split('\n');
    pending = parts.pop() ?? '';
    lines.push(...parts);
    for (const wake of waiters) wake();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.on('error', () => undefined);
  const exited = new Promise<ChildExit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      ended = true;
      for (const wake of waiters) wake();
      resolve({ code, signal, stderr });
    });
  });

  const waitForLine = (prefix: string, timeoutMs = 10_000) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`no "${prefix}" line from the child within ${timeoutMs} ms`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      const check = () => {
        const found = lines.find((line) => line.startsWith(prefix));
        if (found !== undefined) {
          finish();
          resolve(found);
        } else if (ended) {
          finish();
          reject(new Error(`the child ended without a "${prefix}" line:\n${stderr}`));
        }
      };
      waiters.add(check);
      check();
    });

  return { process: child, lines, waitForLine, exited };
}

/**
 * Kills the children a failed test left running; without this they would keep the test
 * file's process, and so the whole run, alive.
 */
export async function stopStoreChildren(): Promise<void> {
  const left = [...running];
  await Promise.all(
    left.map(async (child) => {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }),
  );
}
