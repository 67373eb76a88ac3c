import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeChatGptToken } from '../fakes/provider-answers.js';
import { providerBaseUrls, type FakeProviderServer } from '../fakes/provider-server.js';
import {
  startFakeOAuthServer,
  type FakeOAuthServer,
  type ScriptedResponse,
} from '../fakes/oauth-server.js';
import { BIN } from '../helpers/cli.js';
import { startCli, type LiveCli } from '../helpers/live-cli.js';
import { freeRedirectUri, nowSeconds, oauthEnv } from '../helpers/oauth-cli.js';
import { snapshotTree } from './snapshot.js';

/** What a case can see and touch: its own HOME, its own fake OAuth server. */
export interface CaseContext {
  home: string;
  configDir: string;
  credentialsPath: string;
  oauth: FakeOAuthServer;
  /** OpenAI's redirect URI, on a free loopback port, so its callback server can listen. */
  redirectUri: string;
}

type PerCase<T> = T | ((ctx: CaseContext) => T);

/** One hostile input and everything the CLI must do about it. */
export interface HostileCase {
  /** A behaviour sentence. */
  name: string;
  args: PerCase<string[]>;
  /** Written to stdin, which is then closed. */
  input?: string;
  env?: PerCase<Record<string, string>>;
  /** The seeded OAuth tokens have expired, so using them needs a refresh. */
  expiredTokens?: boolean;
  /** Breaks the seeded HOME before the run (a directory at the credentials path, ...). */
  setup?: (ctx: CaseContext) => Promise<void>;
  /** The fake token endpoint's answer to the one token request the case makes. */
  tokenAnswer?: ScriptedResponse;
  /** Plays the browser while the CLI waits, instead of giving it stdin. */
  browser?: (cli: LiveCli, ctx: CaseContext) => Promise<void>;
  /**
   * Runs the CLI as a user who is not root, since root reads any file: nobody (65534),
   * given the whole HOME, when the tests run as root.
   */
  asNobody?: boolean;
  exit: 0 | 1 | 2;
  /** With `--json` in `args`: the stable code of the error document on stdout. */
  json?: string;
  /** stderr after the login banner: exact text, or a pattern it must match entirely. */
  stderr: PerCase<string | RegExp>;
}

export const NOBODY = 65534;

/** The seeded secrets: none may ever reach stdout or stderr. */
export const SEEDED = {
  openaiApiKey: 'sk-corpus-openai-key-0123456789',
  openaiAccess: fakeChatGptToken('acct-corpus', 'corpus'),
  anthropicAccess: 'corpus-anthropic-access-0123456789',
};

/**
 * A file as a person leaves it: comments, a key nobody knows, an API key and two OAuth
 * logins. No final newline, as the Swift tools write it, so any rewrite shows.
 */
export function seededFile(refresh: { openai: string; anthropic: string }, expires: number) {
  return (
    '# peekaboo credentials, edited by hand\n' +
    '# the hostile corpus checks that these bytes never change\n' +
    '\n' +
    'CORPUS_UNKNOWN_SETTING=keep me exactly as I am\n' +
    `OPENAI_API_KEY=${SEEDED.openaiApiKey}\n` +
    `OPENAI_ACCESS_TOKEN=${SEEDED.openaiAccess}\n` +
    `OPENAI_REFRESH_TOKEN=${refresh.openai}\n` +
    `OPENAI_ACCESS_EXPIRES=${expires}\n` +
    `ANTHROPIC_ACCESS_TOKEN=${SEEDED.anthropicAccess}\n` +
    `ANTHROPIC_REFRESH_TOKEN=${refresh.anthropic}\n` +
    `ANTHROPIC_ACCESS_EXPIRES=${expires}`
  );
}

const LOGIN_BANNER = /^Open this URL to sign in to [^:\n]+:\n\n {2}\S+\n\n/;

/**
 * Runs one case in a fresh HOME and asserts: the exit code, stderr (one `error:` line and
 * no stack trace for a failure), empty stdout, every byte and mode under HOME unchanged,
 * exactly the token requests the case planned, and no seeded or issued secret printed.
 */
export async function runHostileCase(c: HostileCase, provider: FakeProviderServer) {
  const oauth = await startFakeOAuthServer();
  const home = await mkdtemp(join(tmpdir(), 'peekaboo-hostile-'));
  const configDir = join(home, '.peekaboo');
  const ctx: CaseContext = {
    home,
    configDir,
    credentialsPath: join(configDir, 'credentials'),
    oauth,
    redirectUri: await freeRedirectUri(),
  };
  try {
    const refresh = { openai: oauth.issueRefreshToken(), anthropic: oauth.issueRefreshToken() };
    const expires = nowSeconds() + (c.expiredTokens ? -600 : 3600);
    await mkdir(configDir, { mode: 0o700 });
    await writeFile(ctx.credentialsPath, seededFile(refresh, expires), { mode: 0o600 });
    await c.setup?.(ctx);
    const asNobody = c.asNobody === true && process.getuid?.() === 0;
    if (asNobody) await giveHomeToNobody(home);
    const before = await snapshotTree(home);
    if (c.tokenAnswer) oauth.script(c.tokenAnswer);

    const cli = startCli(ctx, resolve(c.args, ctx), {
      env: cliEnv(c, ctx, provider),
      cwd: home,
      input: c.browser ? undefined : (c.input ?? ''),
      ...(asNobody ? { uid: NOBODY, gid: NOBODY } : {}),
    });
    try {
      await c.browser?.(cli, ctx);
    } finally {
      cli.end();
    }
    const result = await cli.exited;

    const context = `stderr:\n${result.stderr}\nstdout:\n${result.stdout}`;
    assert.equal(result.code, c.exit, context);
    if (c.json) assertJsonError(result.stdout, c.json);
    else assert.equal(result.stdout, '', context);
    assertStderr(result.stderr.replace(LOGIN_BANNER, ''), resolve(c.stderr, ctx), c.exit);
    assert.deepEqual(await snapshotTree(home), before, 'something under HOME changed');
    assert.deepEqual(oauth.unexpected, []);
    assert.equal(oauth.stats().token, c.tokenAnswer ? 1 : 0, 'token requests sent');
    const secrets = [...Object.values(SEEDED), refresh.openai, refresh.anthropic];
    for (const secret of [...secrets, ...oauth.issued.codes]) {
      assert.ok(!`${result.stdout}${result.stderr}`.includes(secret), `printed ${secret}`);
    }
  } finally {
    await oauth.close();
    await rm(home, { recursive: true, force: true });
  }
}

function assertStderr(stderr: string, expected: string | RegExp, exit: number): void {
  assert.doesNotMatch(stderr, /^\s+at /m, 'a stack trace reached the terminal');
  if (typeof expected === 'string') assert.equal(stderr, expected);
  else assert.match(stderr, new RegExp(`^(?:${expected.source})$`, expected.flags));
  if (exit !== 0) {
    assert.match(stderr, /^error: [^\n]+\n$/, 'a failure is exactly one error line');
  }
}

/** Exactly one JSON document on stdout, carrying the error's stable code. */
function assertJsonError(stdout: string, code: string): void {
  const doc = JSON.parse(stdout) as { error?: { code?: string; message?: string } };
  assert.equal(doc.error?.code, code, stdout);
  assert.ok(stdout.endsWith('}\n'), stdout);
}

function cliEnv(c: HostileCase, ctx: CaseContext, provider: FakeProviderServer) {
  return {
    ...providerBaseUrls(provider),
    ...oauthEnv(ctx.oauth, 'openai', ctx.redirectUri),
    ...oauthEnv(ctx.oauth, 'anthropic'),
    ...resolve(c.env ?? {}, ctx),
  };
}

function resolve<T>(value: PerCase<T>, ctx: CaseContext): T {
  return typeof value === 'function' ? (value as (ctx: CaseContext) => T)(ctx) : value;
}

/**
 * Why the CLI cannot run as nobody here (the checkout or Node itself is private to root),
 * or `undefined` when it can or need not: a test user who is not root runs it as itself.
 */
export function whyNobodyCannotRun(): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const probe = spawnSync(process.execPath, [BIN, '--version'], { uid: NOBODY, gid: NOBODY });
  if (probe.status === 0) return undefined;
  return `user ${NOBODY} cannot run ${BIN}: ${String(probe.stderr || probe.error).trim()}`;
}

/** The CLI runs as nobody, so HOME and everything in it become nobody's. */
async function giveHomeToNobody(home: string): Promise<void> {
  execFileSync('chown', ['-R', `${NOBODY}:${NOBODY}`, home]);
  await chmod(home, 0o700);
}
