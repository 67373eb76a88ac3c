import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(REPO_ROOT, 'bin', 'peekaboo.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Extra environment on top of the isolated one (HOME, PATH, NO_COLOR). */
  env?: Record<string, string | undefined>;
  /** Written to stdin, which is then closed. Without it stdin is closed at once. */
  input?: string;
  timeoutMs?: number;
  /** Run the CLI under this umask (through /bin/sh, which can set it). */
  umask?: number;
  /** Working directory of the CLI; the test runner's by default. */
  cwd?: string;
}

/** A temporary HOME for one test, removed with `cleanup()`. */
export interface TempHome {
  home: string;
  configDir: string;
  credentialsPath: string;
  run(args: string[], options?: RunOptions): Promise<CliResult>;
  cleanup(): Promise<void>;
}

/** Makes an empty temporary HOME and a runner for the real CLI with that HOME. */
export async function makeTempHome(): Promise<TempHome> {
  const home = await mkdtemp(join(tmpdir(), 'peekaboo-test-'));
  const configDir = join(home, '.peekaboo');
  return {
    home,
    configDir,
    credentialsPath: join(configDir, 'credentials'),
    run: (args, options = {}) => runCli(args, { ...options, env: { HOME: home, ...options.env } }),
    cleanup: () => rm(home, { recursive: true, force: true }),
  };
}

/**
 * Runs `bin/peekaboo.js` as a subprocess with a minimal environment: no provider variables
 * leak in from the machine running the tests.
 */
export function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', NO_COLOR: '1' };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value !== undefined) env[key] = value;
  }
  return new Promise((resolve, reject) => {
    const command =
      options.umask === undefined
        ? [process.execPath, BIN, ...args]
        : ['/bin/sh', '-c', `umask ${options.umask.toString(8)} && exec "$@"`, 'sh']
            .concat([process.execPath, BIN, ...args]);
    const [file = '', ...rest] = command;
    const child = spawn(file, rest, { env, stdio: 'pipe', cwd: options.cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** Fails when any of `secrets` appears in the command's stdout or stderr. */
export function assertNoSecretPrinted(result: CliResult, secrets: readonly string[]): void {
  for (const secret of secrets) {
    for (const [name, text] of [['stdout', result.stdout], ['stderr', result.stderr]]) {
      if (text?.includes(secret)) {
        throw new Error(`the secret ${secret.slice(0, 6)}... was printed on ${name}:\n${text}`);
      }
    }
  }
}
