// Secrets never spill: every command, in each outcome the suites produce, runs with marker
// secrets, and no marker may show up on stdout or stderr (bar `config token`'s one job), in
// any file under HOME other than the credentials file, or in the arguments of a process
// peekaboo starts ($BROWSER, xdg-open, $EDITOR record theirs).
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertNoMarker, assertNoMarkerInFiles, readSpawnLog } from './spill-checks.js';
import { KEYS, LEAKY, makeWorld, RECORDER, type World } from './spill-world.js';

interface Step {
  args: (w: World) => string[];
  input?: string;
  env?: (w: World) => Record<string, string>;
  /** Sets the fakes up for this step: behaviours, scripted answers, a fresh seed. */
  before?: (w: World) => void | Promise<void>;
  exit: number;
  /** Proves the outcome happened, so a check of its output is never vacuous. */
  shows: RegExp;
  /** The one secret this step may print on stdout: `config token`'s job. */
  prints?: (w: World) => string;
}

interface Scenario {
  name: string;
  seed?: Parameters<World['seed']>[0];
  steps: Step[];
  /** Processes peekaboo must have started, by recorder role. */
  spawned?: string[];
}

const recorder = (role: string) => `'${process.execPath}' '${RECORDER}' ${role}`;
const browser = (role = 'browser') => () => ({ BROWSER: recorder(role) });
const cli = (...args: string[]) => () => args;
const analyze = (...args: string[]) => (w: World) => ['analyze', w.image, ...args];
const lastAccessToken = (w: World) => w.oauth.issued.accessTokens.at(-1) ?? 'none issued';
const good = { access_token: LEAKY.access, refresh_token: LEAKY.refresh, expires_in: 3600 };

const SCENARIOS: Scenario[] = [
  {
    name: 'config add: validated, refused with the key echoed, timed out, --json',
    steps: [
      { args: cli('config', 'add', 'openai'), input: KEYS.openai, exit: 0,
        shows: /Stored and validated OpenAI credential/ },
      { before: (w) => void (w.behaviour.anthropic = 'echo'),
        args: cli('config', 'add', 'anthropic', '-'), input: KEYS.anthropic, exit: 1,
        shows: /validation failed: 401 Incorrect API key provided/ },
      { before: (w) => void (w.behaviour.gemini = 'hang'),
        args: cli('config', 'add', 'gemini', '-', '--timeout', '1'), input: KEYS.gemini,
        exit: 1, shows: /validation timed out after 1s/ },
      { before: (w) => void (w.behaviour.grok = 'echo'),
        args: cli('config', 'add', 'grok', '-', '--json'), input: KEYS.grok, exit: 1,
        shows: /"status": "invalid"/ },
    ],
  },
  {
    name: 'config show: ready, refused with echoes, timed out; --verbose and --json',
    seed: { keys: ['anthropic', 'grok', 'gemini'], oauth: ['openai'] },
    steps: [
      { before: (w) => void Object.assign(w.behaviour, { anthropic: 'echo', gemini: 'hang' }),
        args: cli('config', 'show', '--verbose', '--timeout', '1'), exit: 1,
        shows: /Anthropic: stored \(validation failed: 401 [^]*Gemini: stored \(validation t/ },
      { args: cli('config', 'show', '--json', '--verbose', '--timeout', '1'), exit: 1,
        shows: /"status": "ready"/ },
    ],
  },
  {
    name: 'refresh succeeds through config show and config token',
    seed: { oauth: ['openai', 'anthropic'], expired: true },
    steps: [
      { args: cli('config', 'show'), exit: 0, shows: /OpenAI: ready .*\nAnthropic: ready/ },
      { before: (w) => w.seed({ oauth: ['openai'], expired: true }),
        args: cli('config', 'token', 'openai'), exit: 0, shows: /^fake-at-/,
        prints: lastAccessToken },
      { before: (w) => w.seed({ oauth: ['anthropic'], expired: true }),
        args: cli('config', 'token', 'anthropic', '--json'), exit: 0, shows: /"kind": "oauth"/,
        prints: lastAccessToken },
    ],
  },
  {
    name: 'refresh refused and transient, with every token echoed back',
    seed: { oauth: ['openai'], expired: true },
    steps: [
      { env: (w) => ({ PEEKABOO_OPENAI_TOKEN_URL: w.echo.url }),
        args: cli('config', 'token', 'openai'), exit: 1,
        shows: /refresh failed: token endpoint refused the refresh token: invalid_grant/ },
      { before: (w) => void (w.echo.status = 503),
        env: (w) => ({ PEEKABOO_OPENAI_TOKEN_URL: w.echo.url }),
        args: cli('config', 'token', 'openai'), exit: 1, shows: /\(transient\)/ },
      { before: (w) => w.oauth.script({ hang: true }),
        args: cli('config', 'token', 'openai', '--timeout', '1'), exit: 1,
        shows: /did not answer within 1 s/ },
      { before: (w) => w.oauth.script({ status: 200, body: { ...good, access_token: 'a\nb' } }),
        args: cli('config', 'token', 'openai'), exit: 1, shows: /line break/ },
      { before: (w) => w.oauth.script({ status: 200, body: JSON.stringify(good).slice(0, 50) }),
        args: analyze('--provider', 'openai'), exit: 1, shows: /something other than a JSON/ },
      { before: (w) => void (w.echo.status = 400),
        env: (w) => ({ PEEKABOO_OPENAI_TOKEN_URL: w.echo.url }),
        args: cli('config', 'show'), exit: 1, shows: /OpenAI: stored \(validation failed: ref/ },
    ],
  },
  {
    name: 'login succeeds through $BROWSER and through xdg-open',
    steps: [
      { env: browser(), args: cli('config', 'login', 'openai'), exit: 0,
        shows: /OAuth tokens stored for openai/ },
      { before: writeXdgOpen,
        env: (w) => ({ DISPLAY: ':99', PATH: `${join(w.home, 'bin')}:${process.env.PATH}` }),
        args: cli('config', 'login', 'openai'), exit: 0, shows: /OAuth tokens stored/ },
    ],
    spawned: ['browser', 'xdg-open', 'page'],
  },
  {
    name: 'login fails: wrong state, refusals that echo code and verifier, bad answers, denial',
    steps: [
      { env: browser('browser-wrong-state'), args: cli('config', 'login', 'openai'), exit: 1,
        shows: /state mismatch/ },
      { env: (w) => ({ ...browser()(), PEEKABOO_OPENAI_TOKEN_URL: w.echo.url }),
        args: cli('config', 'login', 'openai'), exit: 1,
        shows: /token endpoint refused the code: invalid_grant/ },
      { before: (w) => w.oauth.script({ status: 200, body: `<p>${LEAKY.access}</p>`,
        contentType: 'text/html' }),
        env: browser(), args: cli('config', 'login', 'openai'), exit: 1, shows: /text\/html/ },
      { before: (w) => w.oauth.script({ status: 200, body: { ...good, refresh_token: 'r\r' } }),
        env: browser(), args: cli('config', 'login', 'openai'), exit: 1, shows: /line break/ },
      { before: (w) => void (w.echo.status = 500),
        env: (w) => ({ ...browser()(), PEEKABOO_OPENAI_TOKEN_URL: w.echo.url }),
        args: cli('config', 'login', 'openai'), exit: 1, shows: /token endpoint failed/ },
      { before: (w) => w.oauth.script({ status: 200, body: JSON.stringify(good).slice(0, 60) }),
        env: browser(), args: cli('config', 'login', 'openai'), exit: 1,
        shows: /\(application\/json\); nothing stored/ },
      { before: (w) => w.oauth.script({ status: 200, body: { ...good, refresh_token: null } }),
        env: browser(), args: cli('config', 'login', 'openai'), exit: 1,
        shows: /has no refresh_token/ },
      { before: (w) => w.oauth.script({ hugeBodyBytes: 10 * 1024 * 1024 }), env: browser(),
        args: cli('config', 'login', 'openai'), exit: 1, shows: /more than 1 MiB/ },
      { before: (w) => w.oauth.script({ status: 307, body: '',
        headers: { location: `https://evil.example/?t=${LEAKY.access}` } }),
        env: browser(), args: cli('config', 'login', 'openai'), exit: 1, shows: /redirect/ },
      { before: (w) => w.oauth.script({ hang: true }), env: browser(),
        args: cli('config', 'login', 'openai', '--timeout', '1'), exit: 1,
        shows: /did not answer within 1 s/ },
      { before: (w) => void (w.echo.status = 400),
        env: (w) => ({ PEEKABOO_ANTHROPIC_TOKEN_URL: w.echo.url }),
        args: cli('config', 'login', 'anthropic', '--no-browser'),
        input: 'spill-pasted-code-6c1f0a9d\n', exit: 1, shows: /refused the code/ },
      { args: cli('config', 'login', 'anthropic', '--no-browser'), input: 'not a code at all\n',
        exit: 1, shows: /does not look like a sign-in code/ },
      { before: (w) => void (w.oauth.options.authorizeMode = 'deny'), env: browser(),
        args: cli('config', 'login', 'openai'), exit: 1, shows: /access_denied/ },
    ],
    spawned: ['browser-wrong-state', 'browser', 'page'],
  },
  {
    name: 'logout: revoked, unsupported, and a revocation failure that echoes the token',
    seed: { oauth: ['openai', 'anthropic'] },
    steps: [
      { args: cli('config', 'logout', 'openai'), exit: 0, shows: /Refresh token revoked/ },
      { args: cli('config', 'logout', 'anthropic', '--json'), exit: 0,
        shows: /"revocation": "unsupported"/ },
      { before: (w) => w.seed({ oauth: ['openai'] }),
        env: (w) => ({ PEEKABOO_OPENAI_REVOKE_URL: w.echo.url }),
        args: cli('config', 'logout', 'openai'), exit: 0, shows: /Could not revoke/ },
    ],
  },
  {
    name: 'remove and edit',
    seed: { keys: ['openai', 'anthropic', 'grok', 'gemini'], oauth: ['openai'] },
    steps: [
      { args: cli('config', 'remove', 'openai'), exit: 0, shows: /Removed OPENAI_API_KEY/ },
      { args: cli('config', 'remove', 'grok', '--json'), exit: 0, shows: /"X_AI_API_KEY"/ },
      { env: () => ({ EDITOR: recorder('editor') }), args: cli('config', 'edit'), exit: 0,
        shows: /Saved/ },
      { env: () => ({ VISUAL: recorder('editor') }), args: cli('config', 'edit', '--json'),
        exit: 0, shows: /"warnings": \[\]/ },
    ],
    spawned: ['editor'],
  },
  {
    name: 'analyze: answers by API key and OAuth, failures that echo the credential',
    seed: { keys: ['anthropic', 'grok', 'gemini'], oauth: ['openai'], expired: true },
    steps: [
      { args: analyze('--provider', 'anthropic'), exit: 0, shows: /A small red square/ },
      { args: analyze('--provider', 'openai', '--json'), exit: 0, shows: /"auth": "oauth"/ },
      { before: (w) => void (w.behaviour.grok = 'echo'), args: analyze('--provider', 'grok'),
        exit: 1, shows: /Grok \(xAI\) answered 401: Incorrect API key provided/ },
      { before: (w) => void (w.behaviour.gemini = 'fail'), args: analyze('--provider', 'gemini'),
        exit: 1, shows: /Gemini answered 500/ },
      { before: (w) => void (w.behaviour.openai = 'echo'), args: analyze('--provider', 'openai'),
        exit: 1, shows: /OpenAI answered 401/ },
      { before: (w) => void (w.behaviour.anthropic = 'hang'),
        args: analyze('--provider', 'anthropic', '--timeout', '1'), exit: 1,
        shows: /sent nothing for 1s/ },
    ],
  },
];

/** `xdg-open` on the PATH, for a login with $DISPLAY set and no $BROWSER. */
async function writeXdgOpen(w: World): Promise<void> {
  await mkdir(join(w.home, 'bin'), { recursive: true });
  const script = `#!/bin/sh\nexec ${recorder('xdg-open')} "$@"\n`;
  await writeFile(join(w.home, 'bin', 'xdg-open'), script, { mode: 0o755 });
}

async function runScenario(scenario: Scenario): Promise<void> {
  const w = await makeWorld();
  try {
    if (scenario.seed) await w.seed(scenario.seed);
    for (const [index, step] of scenario.steps.entries()) {
      await step.before?.(w);
      const result = await w.run(step.args(w), step.input, step.env?.(w));
      const output = `${result.stdout}${result.stderr}`;
      assert.equal(result.code, step.exit, `step ${index + 1}:\n${output}`);
      assert.match(output, step.shows, `step ${index + 1}`);

      let stdout = result.stdout;
      const allowed = step.prints?.(w);
      if (allowed !== undefined) {
        assert.ok(stdout.includes(allowed), `step ${index + 1} did not print the token`);
        stdout = stdout.split(allowed).join('');
      }
      assertNoMarker(stdout, w.markers(), `stdout of step ${index + 1}`);
      assertNoMarker(result.stderr, w.markers(), `stderr of step ${index + 1}`);
    }

    const records = await readSpawnLog(w.spawnLog);
    for (const role of scenario.spawned ?? []) {
      assert.ok(records.some((r) => r.role === role), `no ${role} was started`);
    }
    for (const record of records) {
      const started = JSON.stringify([record.argv, record.self, record.parent]);
      assertNoMarker(started, w.markers(), `the arguments of ${record.role}`);
    }
    await assertNoMarkerInFiles(w.home, w.credentialsPath, w.markers());
    assert.deepEqual(w.provider.unexpected, []);
    assert.deepEqual(w.oauth.unexpected, []);
  } finally {
    await w.close();
  }
}

describe('secrets never spill from a command', { concurrency: 3 }, () => {
  for (const scenario of SCENARIOS) it(scenario.name, () => runScenario(scenario));
});
