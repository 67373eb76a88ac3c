import assert from 'node:assert/strict';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { makeTempHome, type TempHome } from '../helpers/cli.js';
import { listDir } from '../helpers/files.js';
import {
  nowSeconds,
  oauthEnv,
  readCredentialValues,
  seedCredentials,
} from '../helpers/oauth-cli.js';
import { startCli } from '../helpers/live-cli.js';
import { startFakeOAuthServer, type FakeOAuthServer } from '../fakes/oauth-server.js';

const PROCESSES = 16;
const GATE = fileURLToPath(new URL('../helpers/start-gate.mjs', import.meta.url));

let fake: FakeOAuthServer;
let home: TempHome;

before(async () => {
  // The delay keeps the one refresh in flight while the other processes arrive.
  fake = await startFakeOAuthServer({ tokenEncoding: 'form', tokenDelayMs: 200 });
  home = await makeTempHome();
});

after(async () => {
  await fake.close();
  await home.cleanup();
});

async function waitForReady(gateDir: string, count: number): Promise<void> {
  while ((await readdir(gateDir)).filter((n) => n.startsWith('ready-')).length < count) {
    await sleep(10);
  }
}

it('sixteen processes with an expired token send one refresh and all print its token', async () => {
  const refreshToken = fake.issueRefreshToken();
  await seedCredentials(
    home,
    'OPENAI_ACCESS_TOKEN=old-access-token-0123456789\n' +
      `OPENAI_REFRESH_TOKEN=${refreshToken}\n` +
      `OPENAI_ACCESS_EXPIRES=${nowSeconds() - 60}\n`,
  );
  const gateDir = join(home.home, 'gate');
  await mkdir(gateDir);
  const env = { ...oauthEnv(fake, 'openai'), TEST_START_GATE_DIR: gateDir };
  const clis = Array.from({ length: PROCESSES }, () =>
    startCli(home, ['config', 'token', 'openai'], { env, nodeArgs: ['--import', GATE] }),
  );
  try {
    await waitForReady(gateDir, PROCESSES);
    await writeFile(join(gateDir, 'open'), '');
    const results = await Promise.all(clis.map((cli) => cli.exited));

    assert.equal(fake.stats().refreshGrants, 1);
    assert.equal(fake.stats().token, 1);
    const [newAccess] = fake.issued.accessTokens;
    for (const result of results) {
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, `${newAccess}\n`);
      assert.equal(result.stderr, '');
    }
    const values = await readCredentialValues(home);
    assert.equal(values.OPENAI_ACCESS_TOKEN, newAccess);
    assert.equal(values.OPENAI_REFRESH_TOKEN, fake.issued.refreshTokens[1]);
    assert.ok(fake.isRefreshTokenValid(values.OPENAI_REFRESH_TOKEN ?? ''));
    assert.deepEqual(await listDir(home.configDir), ['credentials']);
    assert.deepEqual(fake.unexpected, []);
  } finally {
    for (const cli of clis) cli.kill();
  }
});
