import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { BIN, type CliResult, type TempHome } from './cli.js';
import type { FakeOAuthServer } from '../fakes/oauth-server.js';

export type OAuthProviderId = 'openai' | 'anthropic';

/** A credentials file as a person might have left it: comments and API keys. */
export const SEEDED_FILE =
  '# my peekaboo credentials\n' +
  '# keep this file private\n' +
  '\n' +
  'OPENAI_API_KEY=sk-seeded-openai-0123456789\n' +
  'ANTHROPIC_API_KEY=sk-ant-seeded-0123456789\n';

/**
 * The overrides that point one provider's OAuth at the fake. `redirectUri` replaces the
 * provider's own, so OpenAI's callback server never binds the real port 1455.
 */
export function oauthEnv(
  fake: FakeOAuthServer,
  provider: OAuthProviderId,
  redirectUri?: string,
): Record<string, string> {
  const prefix = `PEEKABOO_${provider.toUpperCase()}_`;
  return {
    [`${prefix}AUTHORIZE_URL`]: fake.authorizeUrl,
    [`${prefix}TOKEN_URL`]: fake.tokenUrl,
    [`${prefix}CLIENT_ID`]: fake.options.clientId,
    ...(provider === 'openai' ? { [`${prefix}REVOKE_URL`]: fake.revokeUrl } : {}),
    ...(redirectUri ? { [`${prefix}REDIRECT_URI`]: redirectUri } : {}),
  };
}

/** A loopback port nobody listens on right now, for a callback server. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** An OpenAI-style loopback redirect URI on a free port. */
export async function freeRedirectUri(): Promise<string> {
  return `http://localhost:${await freeLoopbackPort()}/auth/callback`;
}

/** Writes the credentials file (0600, directory 0700) and returns its exact bytes. */
export async function seedCredentials(home: TempHome, text = SEEDED_FILE): Promise<Buffer> {
  await mkdir(home.configDir, { recursive: true, mode: 0o700 });
  await writeFile(home.credentialsPath, text, { mode: 0o600 });
  return readFile(home.credentialsPath);
}

/** The credentials file as `KEY=value` pairs, comments and blank lines left out. */
export async function readCredentialValues(home: TempHome): Promise<Record<string, string>> {
  const text = await readFile(home.credentialsPath, 'utf8');
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (match?.[1] !== undefined) values[match[1]] = match[2] ?? '';
  }
  return values;
}

/** Unix epoch seconds, as the credentials file stores expiry. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** A CLI process still running, whose stdin stays open until the test writes or ends it. */
export interface LiveCli {
  /** What the person sees so far: stderr, or everything on the terminal for a terminal run. */
  seen(): string;
  /** Resolves with the first match of `pattern` in `seen()`; rejects if the CLI exits first. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
  /** Resolves with the authorization URL the CLI printed. */
  authorizationUrl(): Promise<URL>;
  write(text: string): void;
  /** Settles when the process exits. */
  exited: Promise<CliResult>;
  kill(): void;
}

/**
 * Starts the real CLI with the temporary HOME, leaving stdin open (a paste that has not
 * come yet). `nodeArgs` go before the script, for a preload such as the start gate.
 */
export function startCli(
  home: TempHome,
  args: string[],
  options: { env?: Record<string, string>; nodeArgs?: string[] } = {},
): LiveCli {
  const command = [...(options.nodeArgs ?? []), BIN, ...args];
  return spawnLive(process.execPath, command, cliEnv(home, options.env), 'stderr');
}

/**
 * Starts the real CLI on a pseudo-terminal made by util-linux `script`, so stdin, stdout and
 * stderr are a TTY as for a person typing. Writes reach the terminal as keystrokes.
 */
export function startCliInTerminal(
  home: TempHome,
  args: string[],
  options: { env?: Record<string, string> } = {},
): LiveCli {
  const command = [process.execPath, BIN, ...args].map(shellQuote).join(' ');
  const scriptArgs = ['--quiet', '--return', '--flush', '--command', command, '/dev/null'];
  return spawnLive('script', scriptArgs, cliEnv(home, options.env), 'stdout');
}

function cliEnv(home: TempHome, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', NO_COLOR: '1', HOME: home.home, ...extra };
}

function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

function spawnLive(
  file: string,
  args: string[],
  env: Record<string, string>,
  watch: 'stdout' | 'stderr',
): LiveCli {
  const child = spawn(file, args, { env, stdio: 'pipe' });
  const text = { stdout: '', stderr: '' };
  const watchers = new Set<() => void>();
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream].setEncoding('utf8').on('data', (d: string) => {
      text[stream] += d;
      if (stream === watch) for (const check of watchers) check();
    });
  }
  child.stdin.on('error', () => undefined);
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const exited = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      for (const check of watchers) check();
      resolve({ code, signal, stdout: text.stdout, stderr: text.stderr });
    });
  });

  const waitFor = (pattern: RegExp): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const match = pattern.exec(text[watch]);
        if (match) {
          watchers.delete(check);
          resolve(match);
        } else if (child.exitCode !== null || child.signalCode !== null) {
          watchers.delete(check);
          reject(new Error(`the CLI exited without printing ${pattern}:\n${text[watch]}`));
        }
      };
      watchers.add(check);
      check();
    });

  return {
    seen: () => text[watch],
    waitFor,
    authorizationUrl: async () => new URL((await waitFor(/^ {2}(http\S+)\r?$/m))[1] ?? ''),
    write: (input) => void child.stdin.write(input),
    exited,
    kill: () => void child.kill('SIGKILL'),
  };
}

/** The stderr a login prints before it waits, for the URL it printed. */
export function loginBanner(providerName: string, url: URL): string {
  return `Open this URL to sign in to ${providerName}:\n\n  ${url.href}\n\n`;
}
