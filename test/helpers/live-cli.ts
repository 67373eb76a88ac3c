import { spawn } from 'node:child_process';
import { BIN, type CliResult } from './cli.js';

/** A running CLI whose stdout a test can watch while it is still being written. */
export interface LiveCli {
  /** Everything written to stdout so far. */
  readonly stdout: string;
  /** Resolves once stdout contains `text`; rejects if the process ends first. */
  waitForStdout(text: string): Promise<void>;
  /** Resolves when the process has exited. */
  finished: Promise<CliResult>;
}

/**
 * Starts `bin/peekaboo.js` like `runCli` does (minimal environment, stdin closed), but
 * hands stdout over as it arrives instead of at the end.
 */
export function startCli(args: string[], env: Record<string, string>): LiveCli {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  const watchers: Array<{ text: string; resolve: () => void; reject: (e: Error) => void }> = [];
  child.stdout.setEncoding('utf8').on('data', (data: string) => {
    stdout += data;
    for (const watcher of watchers.filter((w) => stdout.includes(w.text))) {
      watchers.splice(watchers.indexOf(watcher), 1);
      watcher.resolve();
    }
  });
  child.stderr.setEncoding('utf8').on('data', (data: string) => (stderr += data));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const finished = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      for (const watcher of watchers.splice(0)) {
        const wanted = JSON.stringify(watcher.text);
        watcher.reject(new Error(`exited before writing ${wanted}: ${stderr}`));
      }
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    get stdout() {
      return stdout;
    },
    waitForStdout: (text) =>
      stdout.includes(text)
        ? Promise.resolve()
        : new Promise((resolve, reject) => watchers.push({ text, resolve, reject })),
    finished,
  };
}
