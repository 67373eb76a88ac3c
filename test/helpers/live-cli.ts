import { spawn } from 'node:child_process';
import { BIN, type CliResult, type TempHome } from './cli.js';

/** A CLI process still running, whose output a test can watch while it is being written. */
export interface LiveCli {
  /** Everything written to stdout so far. */
  readonly stdout: string;
  /** Everything written to stderr so far. */
  readonly stderr: string;
  /** What the person sees so far: the watched stream (everything, for a terminal run). */
  seen(): string;
  /** Resolves with the first match of `pattern` in `seen()`; rejects if the CLI exits first. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
  /** Resolves with the authorization URL the CLI printed. */
  authorizationUrl(): Promise<URL>;
  write(text: string): void;
  /** Closes stdin, as a person pressing Ctrl-D. */
  end(): void;
  /** Settles when the process exits. */
  exited: Promise<CliResult>;
  kill(): void;
}

/** How to start a live CLI. */
export interface LiveCliOptions {
  /** Extra environment on top of the isolated one (HOME, PATH, NO_COLOR). */
  env?: Record<string, string>;
  /** Written to stdin, which is then closed; left out, stdin stays open for `write`. */
  input?: string;
  /** The stream `seen` and `waitFor` read: stderr (the default), where prompts go, or stdout. */
  watch?: 'stdout' | 'stderr';
  /** Node options before the script, for a preload such as the start gate. */
  nodeArgs?: string[];
  cwd?: string;
  /** Run as this user and group (the tests run as root, who can read any file). */
  uid?: number;
  gid?: number;
}

/**
 * Starts `bin/peekaboo.js` with `home` as HOME and a minimal environment, like `runCli`,
 * but hands its output over as it arrives. Killed after 30 s so a hang fails the test.
 */
export function startCli(
  home: Pick<TempHome, 'home'>,
  args: string[],
  options: LiveCliOptions = {},
): LiveCli {
  const command = [...(options.nodeArgs ?? []), BIN, ...args];
  return spawnLive(process.execPath, command, home, options);
}

/**
 * Starts the real CLI on a pseudo-terminal made by util-linux `script`, so stdin, stdout and
 * stderr are a TTY as for a person typing. Writes reach the terminal as keystrokes, and
 * everything the terminal shows arrives on stdout.
 */
export function startCliInTerminal(
  home: Pick<TempHome, 'home'>,
  args: string[],
  options: Pick<LiveCliOptions, 'env'> = {},
): LiveCli {
  const command = [process.execPath, BIN, ...args].map(shellQuote).join(' ');
  const scriptArgs = ['--quiet', '--return', '--flush', '--command', command, '/dev/null'];
  return spawnLive('script', scriptArgs, home, { ...options, watch: 'stdout' });
}

function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

function spawnLive(
  file: string,
  args: string[],
  home: Pick<TempHome, 'home'>,
  options: LiveCliOptions,
): LiveCli {
  const child = spawn(file, args, {
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', HOME: home.home, ...options.env },
    cwd: options.cwd,
    stdio: 'pipe',
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.gid }),
  });
  const watch = options.watch ?? 'stderr';
  const text = { stdout: '', stderr: '' };
  const watchers = new Set<() => void>();
  let closed = false;
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream].setEncoding('utf8').on('data', (d: string) => {
      text[stream] += d;
      if (stream === watch) for (const check of watchers) check();
    });
  }
  child.stdin.on('error', () => undefined);
  if (options.input !== undefined) child.stdin.end(options.input);

  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const exited = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      closed = true;
      for (const check of watchers) check();
      resolve({ code, signal, stdout: text.stdout, stderr: text.stderr });
    });
  });

  // Gives up only once the output is complete ('close'), not at 'exit': the last of it may
  // still be on its way then.
  const waitFor = (pattern: RegExp): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const match = pattern.exec(text[watch]);
        if (!match && !closed) return;
        watchers.delete(check);
        if (match) resolve(match);
        else reject(new Error(`the CLI exited without printing ${pattern} on ${watch}:\n` +
          `stdout:\n${text.stdout}\nstderr:\n${text.stderr}`));
      };
      watchers.add(check);
      check();
    });

  return {
    get stdout() {
      return text.stdout;
    },
    get stderr() {
      return text.stderr;
    },
    seen: () => text[watch],
    waitFor,
    authorizationUrl: async () => new URL((await waitFor(/^ {2}(http\S+)\r?$/m))[1] ?? ''),
    write: (input) => void child.stdin.write(input),
    end: () => void child.stdin.end(),
    exited,
    kill: () => void child.kill('SIGKILL'),
  };
}
