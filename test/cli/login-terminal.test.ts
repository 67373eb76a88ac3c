import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { makeTempHome, type TempHome } from '../helpers/cli.js';
import { startCliInTerminal } from '../helpers/live-cli.js';
import { freeRedirectUri, oauthEnv } from '../helpers/oauth-cli.js';
import {
  openAuthorizationUrl,
  startFakeOAuthServer,
  type FakeOAuthServer,
} from '../fakes/oauth-server.js';

// A person at a terminal: the paste prompt shows while the browser is on its way.
const PROMPT = 'Paste the code, or the whole URL you were sent to: ';

let fake: FakeOAuthServer;
let home: TempHome;

beforeEach(async () => {
  fake = await startFakeOAuthServer({ tokenEncoding: 'form' });
  home = await makeTempHome();
});

afterEach(async () => {
  assert.deepEqual(fake.unexpected, []);
  await fake.close();
  await home.cleanup();
});

async function startLogin() {
  const env = oauthEnv(fake, 'openai', await freeRedirectUri());
  const cli = startCliInTerminal(home, ['config', 'login', 'openai', '--no-browser'], { env });
  const url = await cli.authorizationUrl();
  await cli.waitFor(new RegExp(`${PROMPT}$`));
  return { cli, url };
}

const skip = process.platform !== 'linux' && 'uses util-linux script for a terminal';

describe('config login at a terminal', { skip }, () => {
  it('ends the prompt line when the browser signs in first', async () => {
    const { cli, url } = await startLogin();
    try {
      await openAuthorizationUrl(url, { followToCallback: true });
      const result = await cli.exited;
      assert.equal(result.code, 0, cli.seen());
      const next = '\\[ok\\] OAuth tokens stored for openai\r\n';
      assert.match(cli.seen(), new RegExp(`${PROMPT}\r\n${next}`));
    } finally {
      cli.kill();
    }
  });

  it('asks again after Enter on an empty prompt instead of ending the login', async () => {
    const { cli, url } = await startLogin();
    try {
      cli.write('\r');
      await cli.waitFor(new RegExp(`${PROMPT}\r*\n${PROMPT}$`));
      await openAuthorizationUrl(url, { followToCallback: true });
      const result = await cli.exited;
      assert.equal(result.code, 0, cli.seen());
      assert.match(cli.seen(), /\[ok\] OAuth tokens stored for openai\r\n/);
    } finally {
      cli.kill();
    }
  });

  it('stops at once on Ctrl-C at the prompt, with the usual exit status 130', async () => {
    const { cli } = await startLogin();
    try {
      cli.write('\u0003');
      const result = await cli.exited;
      assert.equal(result.code, 130, cli.seen());
      assert.equal(existsSync(home.credentialsPath), false);
      assert.equal(fake.stats().token, 0);
    } finally {
      cli.kill();
    }
  });
});
