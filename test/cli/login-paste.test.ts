import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { assertNoSecretPrinted, makeTempHome, type TempHome } from '../helpers/cli.js';
import { listDir, modeOf } from '../helpers/files.js';
import {
  freeRedirectUri,
  loginBanner,
  nowSeconds,
  oauthEnv,
  readCredentialValues,
  seedCredentials,
  SEEDED_FILE,
} from '../helpers/oauth-cli.js';
import { startCli } from '../helpers/live-cli.js';
import {
  openAuthorizationUrl,
  startFakeOAuthServer,
  type FakeOAuthServer,
} from '../fakes/oauth-server.js';

type AuthorizeAnswer = Awaited<ReturnType<typeof openAuthorizationUrl>>;

let fake: FakeOAuthServer;
let home: TempHome;
let redirectUri: string;

beforeEach(async () => {
  fake = await startFakeOAuthServer({ tokenEncoding: 'form', expiresIn: 5400 });
  home = await makeTempHome();
  redirectUri = await freeRedirectUri();
});

afterEach(async () => {
  assert.deepEqual(fake.unexpected, []);
  await fake.close();
  await home.cleanup();
});

/** Runs `config login --no-browser`, plays the browser, and pastes what `paste` makes. */
async function loginByPaste(
  provider: 'openai' | 'anthropic',
  paste: (answer: AuthorizeAnswer) => string,
  env: Record<string, string> = {},
  args = ['--no-browser'],
) {
  const cli = startCli(home, ['config', 'login', provider, ...args], {
    env: { ...oauthEnv(fake, provider, provider === 'openai' ? redirectUri : undefined), ...env },
  });
  try {
    const url = await cli.authorizationUrl();
    cli.write(`${paste(await openAuthorizationUrl(url))}\n`);
    return { url, result: await cli.exited };
  } finally {
    cli.kill();
  }
}

function callbackLocation(answer: AuthorizeAnswer): URL {
  assert.ok(answer.location, `the fake did not redirect: ${answer.status} ${answer.body}`);
  return answer.location;
}

/** The `code#state` text Anthropic-style code pages show. */
function codePageText(answer: AuthorizeAnswer): string {
  const shown = /<code id="code">([^<]+)<\/code>/.exec(answer.body)?.[1];
  assert.ok(shown, `no code on the page: ${answer.body}`);
  return shown;
}

function issuedSecrets(): string[] {
  const verifiers = fake.tokenRequests.map((r) => String(r.body.code_verifier ?? ''));
  const { codes, accessTokens, refreshTokens } = fake.issued;
  return [...codes, ...accessTokens, ...refreshTokens, ...verifiers].filter((s) => s !== '');
}

/** Checks a finished OpenAI login: output, the three keys, expiry, mode, the kept file. */
async function assertSignedIn(
  login: Awaited<ReturnType<typeof loginByPaste>>,
  startedAt: number,
  provider: 'openai' | 'anthropic' = 'openai',
) {
  const { url, result } = login;
  const name = provider === 'openai' ? 'OpenAI' : 'Anthropic';
  const prefix = provider.toUpperCase();
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, '');
  assert.equal(
    result.stderr,
    `${loginBanner(name, url)}[ok] OAuth tokens stored for ${provider}\n` +
      'The access token expires in 1 hour; peekaboo refreshes it when needed.\n',
  );
  assertNoSecretPrinted(result, issuedSecrets());

  const values = await readCredentialValues(home);
  assert.equal(values[`${prefix}_ACCESS_TOKEN`], fake.issued.accessTokens[0]);
  assert.equal(values[`${prefix}_REFRESH_TOKEN`], fake.issued.refreshTokens[0]);
  const expires = Number(values[`${prefix}_ACCESS_EXPIRES`]);
  assert.ok(expires >= startedAt + 5400 && expires <= nowSeconds() + 5400, `expires ${expires}`);
  assert.equal(await modeOf(home.credentialsPath), 0o600);
  assert.deepEqual(await listDir(home.configDir), ['credentials']);
}

describe('config login by paste', () => {
  it('takes the whole callback URL with surrounding spaces and keeps the API key', async () => {
    await seedCredentials(home);
    const startedAt = nowSeconds();
    const login = await loginByPaste('openai', (a) => `  ${callbackLocation(a).href} \t`);

    await assertSignedIn(login, startedAt);
    const text = await readFile(home.credentialsPath, 'utf8');
    assert.ok(text.startsWith(SEEDED_FILE), `the seeded lines changed:\n${text}`);
    assert.equal((await readCredentialValues(home)).OPENAI_API_KEY, 'sk-seeded-openai-0123456789');
    const [request] = fake.tokenRequests;
    assert.equal(fake.tokenRequests.length, 1);
    assert.equal(request?.encoding, 'form');
    assert.equal(request?.grantType, 'authorization_code');
    assert.equal(request?.body.redirect_uri, redirectUri);
  });

  it('takes a code=...&state=... query', async () => {
    const startedAt = nowSeconds();
    const login = await loginByPaste('openai', (a) => ` ${callbackLocation(a).search.slice(1)} `);
    await assertSignedIn(login, startedAt);
  });

  it('takes a bare code, which carries no state to check', async () => {
    const startedAt = nowSeconds();
    const login = await loginByPaste(
      'openai',
      (a) => `  ${callbackLocation(a).searchParams.get('code')}  `,
    );
    await assertSignedIn(login, startedAt);
  });

  it('takes code#state from the code page and sends state in a JSON exchange', async () => {
    Object.assign(fake.options, {
      authorizeMode: 'codePage',
      tokenEncoding: 'json',
      requireStateInTokenRequest: true,
    });
    const startedAt = nowSeconds();
    const login = await loginByPaste('anthropic', (a) => `  ${codePageText(a)}  `);

    await assertSignedIn(login, startedAt, 'anthropic');
    const [request] = fake.tokenRequests;
    assert.equal(request?.encoding, 'json');
    assert.equal(request?.body.state, fake.authorizations[0]?.state);
  });

  it('skips blank lines before the paste instead of ending the login', async () => {
    const startedAt = nowSeconds();
    const login = await loginByPaste('openai', (a) => `\n   \n${callbackLocation(a).href}`);
    await assertSignedIn(login, startedAt);
  });

  it('creates the file 0600 in a 0700 directory when there was none', async () => {
    const startedAt = nowSeconds();
    const login = await loginByPaste('openai', (a) => callbackLocation(a).href);
    await assertSignedIn(login, startedAt);
    assert.equal(await modeOf(home.configDir), 0o700);
  });

  for (const provider of ['openai', 'anthropic'] as const) {
    it(`${provider}: a pasted state not from this login is refused, nothing stored`, async () => {
      fake.options.authorizeMode = provider === 'openai' ? 'redirect' : 'codePage';
      const before = await seedCredentials(home);
      const { url, result } = await loginByPaste(provider, (a) => {
        if (provider === 'anthropic') return `${codePageText(a).split('#')[0]}#otherstate123`;
        const code = callbackLocation(a).searchParams.get('code');
        return `code=${code}&state=otherstate123`;
      });

      assert.equal(result.code, 1);
      assert.equal(result.stdout, '');
      const name = provider === 'openai' ? 'OpenAI' : 'Anthropic';
      assert.equal(
        result.stderr,
        `${loginBanner(name, url)}` +
          'error: the pasted code does not belong to this login (state mismatch) ' +
          `(next: peekaboo config login ${provider})\n`,
      );
      assert.deepEqual(await readFile(home.credentialsPath), before);
      assert.equal(fake.stats().token, 0);
      assertNoSecretPrinted(result, issuedSecrets());
    });
  }
});

describe('config login and environment variables', () => {
  it('says an API key in the environment takes precedence, and how to unset it', async () => {
    const { url, result } = await loginByPaste('openai', (a) => callbackLocation(a).href, {
      OPENAI_API_KEY: 'sk-from-the-environment-0123',
    });

    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stderr,
      `${loginBanner('OpenAI', url)}[ok] OAuth tokens stored for openai\n` +
        'The access token expires in 1 hour; peekaboo refreshes it when needed.\n' +
        'note: OPENAI_API_KEY is set in the environment and takes precedence over these ' +
        'tokens; unset it with: unset OPENAI_API_KEY\n',
    );
    assertNoSecretPrinted(result, ['sk-from-the-environment-0123']);
  });
});

describe('config login and the browser', () => {
  it('says the callback port is taken and carries on with the paste alone', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const { port } = squatter.address() as { port: number };
    redirectUri = `http://localhost:${port}/auth/callback`;
    try {
      const startedAt = nowSeconds();
      const login = await loginByPaste('openai', (a) => callbackLocation(a).href);
      const notice =
        `Cannot listen for the browser (port ${port} is already in use); ` +
        'paste the code instead.\n';
      assert.ok(login.result.stderr.startsWith(notice), login.result.stderr);
      login.result.stderr = login.result.stderr.slice(notice.length);
      await assertSignedIn(login, startedAt);
    } finally {
      squatter.close();
    }
  });

  it('with --no-browser never starts $BROWSER', async () => {
    const opened = join(home.home, 'opened-url');
    const startedAt = nowSeconds();
    const login = await loginByPaste('openai', (a) => callbackLocation(a).href, {
      BROWSER: `printf '%s' >'${opened}'`,
    });
    await assertSignedIn(login, startedAt);
    assert.equal(existsSync(opened), false);
  });

  it('says so when no browser can start, and still takes the paste', {
    skip: process.platform !== 'linux' && 'xdg-open is only tried on Linux',
  }, async () => {
    // No $BROWSER and no $DISPLAY: there is nothing to open the URL with.
    const { url, result } = await loginByPaste('openai', (a) => callbackLocation(a).href, {}, []);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(
      result.stderr.startsWith(
        `${loginBanner('OpenAI', url)}` +
          '(No browser could be opened; open the URL on any device.)\n' +
          '[ok] OAuth tokens stored for openai\n',
      ),
      result.stderr,
    );
  });
});
