import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { BIN, makeTempHome, type TempHome } from '../helpers/cli.js';
import { listDir } from '../helpers/files.js';

// util-linux `script` runs the CLI on a pseudo-terminal, so stdin is a terminal and
// `config add` without a secret argument asks for it at its hidden prompt.
const SCRIPT = '/usr/bin/script';
const PROMPT = 'Grok (xAI) API key (hidden): ';

interface TerminalRun {
  code: number | null;
  /** Everything the terminal showed: the prompt, any echo, and the CLI's messages. */
  screen: string;
}

/** Runs `config add grok --no-validate` on a terminal and types `keys` once it prompts. */
function typeAtPrompt(home: TempHome, keys: string): Promise<TerminalRun> {
  const command = `'${process.execPath}' '${BIN}' config add grok --no-validate`;
  const env = { PATH: process.env.PATH ?? '', HOME: home.home, TERM: 'dumb', NO_COLOR: '1' };
  const child = spawn(SCRIPT, ['-qec', command, '/dev/null'], { env });
  let screen = '';
  let typed = false;
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    screen += text;
    if (!typed && screen.includes(PROMPT)) {
      typed = true;
      child.stdin.write(keys);
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, screen });
    });
  });
}

describe('hidden secret prompt', { skip: !existsSync(SCRIPT) }, () => {
  let home: TempHome;
  beforeEach(async () => {
    home = await makeTempHome();
  });
  afterEach(() => home.cleanup());

  it('reads the key typed at the prompt without echoing it', async () => {
    const run = await typeAtPrompt(home, 'xai-typed-secret-123\r');
    assert.equal(run.code, 0, run.screen);
    assert.ok(!run.screen.includes('xai-typed'), run.screen);
    assert.match(run.screen, /\[ok\] Stored Grok \(xAI\) credential \(not validated\)/);
    const text = await readFile(home.credentialsPath, 'utf8');
    assert.match(text, /^X_AI_API_KEY=xai-typed-secret-123$/m);
  });

  it('lets backspace remove the last character typed', async () => {
    const run = await typeAtPrompt(home, 'xai-keyZZ\u007f\u007f\r');
    assert.equal(run.code, 0, run.screen);
    assert.match(await readFile(home.credentialsPath, 'utf8'), /^X_AI_API_KEY=xai-key$/m);
  });

  it('cancels at Ctrl-C with exit 2 and writes nothing', async () => {
    const run = await typeAtPrompt(home, 'xai-half\u0003');
    assert.equal(run.code, 2, run.screen);
    assert.match(run.screen, /error: cancelled/);
    assert.deepEqual(await listDir(home.home), []);
  });

  it('ends the input at Ctrl-D, refusing an empty key with exit 2', async () => {
    const run = await typeAtPrompt(home, '\u0004');
    assert.equal(run.code, 2, run.screen);
    assert.match(run.screen, /error: the secret is empty/);
    assert.deepEqual(await listDir(home.home), []);
  });

  it('ends the input at Ctrl-D after a key, as Enter does', async () => {
    const run = await typeAtPrompt(home, 'xai-then-eof\u0004');
    assert.equal(run.code, 0, run.screen);
    assert.match(await readFile(home.credentialsPath, 'utf8'), /^X_AI_API_KEY=xai-then-eof$/m);
    assert.ok(!run.screen.includes('xai-then'), run.screen);
  });
});
