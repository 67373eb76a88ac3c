import { spawn } from 'node:child_process';
import { BIN, type CliResult } from '../helpers/cli.js';

/** How to start the CLI for one hostile case. */
export interface SpawnOptions {
  env: Record<string, string>;
  cwd: string;
  /** Written to stdin, which is then closed; `undefined` keeps stdin open for `write`. */
  input?: string;
  /** Run as this user and group (the tests run as root, who can read any file). */
  uid?: number;
  gid?: number;
}

/** A CLI process whose stderr a test can wait on while it runs. */
export interface RunningCli {
  waitForStderr(pattern: RegExp): Promise<RegExpExecArray>;
  write(text: string): void;
  end(): void;
  exited: Promise<CliResult>;
  kill(): void;
}

/**
 * Starts `bin/peekaboo.js` with exactly `env` (nothing leaks in from the machine) and,
 * when given, another uid and gid. Killed after 30 s so a hang fails the case, not the run.
 */
export function spawnCli(args: string[], options: SpawnOptions): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: options.env,
    cwd: options.cwd,
    stdio: 'pipe',
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.gid }),
  });
  const text = { stdout: '', stderr: '' };
  const watchers = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (d: string) => (text.stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    text.stderr += d;
    for (const check of watchers) check();
  });
  child.stdin.on('error', () => undefined);
  if (options.input !== undefined) child.stdin.end(options.input);

  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const exited = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      for (const check of watchers) check();
      resolve({ code, signal, stdout: text.stdout, stderr: text.stderr });
    });
  });

  const waitForStderr = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = (): void => {
        const match = pattern.exec(text.stderr);
        const ended = child.exitCode !== null || child.signalCode !== null;
        if (!match && !ended) return;
        watchers.delete(check);
        if (match) resolve(match);
        else reject(new Error(`the CLI exited without printing ${pattern}:\n${text.stderr}`));
      };
      watchers.add(check);
      check();
    });

  return {
    waitForStderr,
    write: (input) => void child.stdin.write(input),
    end: () => child.stdin.end(),
    exited,
    kill: () => void child.kill('SIGKILL'),
  };
}
