import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { isProcessAlive } from '../../src/store/lock.js';
import { assertNoSecretPrinted, makeTempHome, type TempHome } from '../helpers/cli.js';
import { modeOf } from '../helpers/files.js';
import {
  freeRedirectUri,
  loginBanner,
  nowSeconds,
  oauthEnv,
  readCredentialValues,
} from '../helpers/oauth-cli.js';
import { startCli } from '../helpers/live-cli.js';
import { startFakeOAuthServer, type FakeOAuthServer } from '../fakes/oauth-server.js';

const CHROMIUM = '/usr/bin/chromium';
const BROWSER_SCRIPT = fileURLToPath(new URL('../helpers/headless-chromium.sh', import.meta.url));
const EXPIRES_IN = 5400;

let fake: FakeOAuthServer;
let home: TempHome;

before(async () => {
  fake = await startFakeOAuthServer({ tokenEncoding: 'form', expiresIn: EXPIRES_IN });
  home = await makeTempHome();
});

after(async () => {
  await stopChromium();
  await fake.close();
  await home.cleanup();
});

/** The DOM Chromium dumped once it exited; waits for it, since the CLI may exit first. */
async function landedPage(): Promise<string> {
  const path = join(home.home, 'landed.html');
  for (let waited = 0; !existsSync(path); waited += 50) {
    if (waited > 20_000) {
      const log = await readFile(join(home.home, 'chromium.log'), 'utf8').catch(() => '');
      assert.fail(`Chromium wrote no page; its log ends with:\n${log.slice(-2000)}`);
    }
    await sleep(50);
  }
  return readFile(path, 'utf8');
}

async function stopChromium(): Promise<void> {
  const pid = Number(await readFile(join(home.home, 'chromium.pid'), 'utf8').catch(() => ''));
  if (pid > 0 && isProcessAlive(pid)) process.kill(pid, 'SIGKILL');
}

it('signs in through headless Chromium and the callback server, with no paste', async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium`);
  const redirectUri = await freeRedirectUri();
  const startedAt = nowSeconds();
  const cli = startCli(home, ['config', 'login', 'openai'], {
    env: { ...oauthEnv(fake, 'openai', redirectUri), BROWSER: `/bin/sh '${BROWSER_SCRIPT}'` },
  });
  // Stdin stays open and unused: only the browser reaching the callback can finish this.
  let result;
  try {
    const url = await cli.authorizationUrl();
    result = await cli.exited;
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '');
    assert.equal(
      result.stderr,
      `${loginBanner('OpenAI', url)}[ok] OAuth tokens stored for openai\n` +
        'The access token expires in 1 hour; peekaboo refreshes it when needed.\n',
    );
  } finally {
    cli.kill();
  }

  assert.equal(fake.stats().authorize, 1);
  assert.deepEqual(
    fake.tokenRequests.map((r) => [r.grantType, r.body.redirect_uri]),
    [['authorization_code', redirectUri]],
  );
  const values = await readCredentialValues(home);
  assert.deepEqual(Object.keys(values), [
    'OPENAI_ACCESS_TOKEN',
    'OPENAI_REFRESH_TOKEN',
    'OPENAI_ACCESS_EXPIRES',
  ]);
  assert.equal(values.OPENAI_ACCESS_TOKEN, fake.issued.accessTokens[0]);
  assert.equal(values.OPENAI_REFRESH_TOKEN, fake.issued.refreshTokens[0]);
  const expires = Number(values.OPENAI_ACCESS_EXPIRES);
  assert.ok(expires >= startedAt + EXPIRES_IN && expires <= nowSeconds() + EXPIRES_IN);
  assert.equal(await modeOf(home.credentialsPath), 0o600);
  assertNoSecretPrinted(result, [
    ...fake.issued.codes,
    ...fake.issued.accessTokens,
    ...fake.issued.refreshTokens,
  ]);

  const page = await landedPage();
  assert.match(page, /<h1>Signed in to peekaboo<\/h1>/);
  assert.match(page, /You can close this tab and go back to the terminal\./);
  assert.deepEqual(fake.unexpected, []);
});
