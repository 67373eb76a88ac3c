import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fakeChatGptToken, PNG_BYTES, streamedAnswer } from '../fakes/provider-answers.js';
import {
  providerBaseUrls,
  startFakeProvider,
  type FakeAnswer,
  type FakeProviderServer,
  type RecordedRequest,
} from '../fakes/provider-server.js';
import { startFakeOAuthServer, type FakeOAuthServer } from '../fakes/oauth-server.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { freeRedirectUri, nowSeconds, oauthEnv } from '../helpers/oauth-cli.js';
import { startEchoEndpoint, type EchoEndpoint } from './echo-endpoint.js';

export const RECORDER = fileURLToPath(new URL('./recorder.mjs', import.meta.url));

/** Marker secrets: distinctive enough that finding one anywhere is a spill. */
export const KEYS = {
  openai: 'sk-spill-openai-5f1c0e9a7b',
  anthropic: 'sk-ant-spill-7d2b91c4e0',
  grok: 'xai-spill-3a8e44d1f6',
  gemini: 'AIza-spill-9c0d12e7a3',
};
export const SEEDED_ACCESS = {
  openai: fakeChatGptToken('acct-spill', 'spill-openai'),
  anthropic: 'spill-anthropic-access-4b7e1a',
};
/** Tokens inside scripted token answers that must be refused. */
export const LEAKY = { access: 'spill-leaky-access-8e2f0c', refresh: 'spill-leaky-refresh-1d9a6b' };

type ProviderName = keyof typeof KEYS;
/** How a fake provider treats validation pings and requests. */
export type Behaviour = 'accept' | 'echo' | 'fail' | 'hang';

/** One HOME with its own fakes; every secret it ever sees is a marker. */
export interface World {
  home: string;
  credentialsPath: string;
  spawnLog: string;
  image: string;
  redirectUri: string;
  oauth: FakeOAuthServer;
  /** A token endpoint that quotes every secret it receives in its refusal. */
  echo: EchoEndpoint;
  provider: FakeProviderServer;
  behaviour: Record<ProviderName, Behaviour>;
  /** The environment every command gets: fakes, the spawn log, no browser. */
  env(): Record<string, string>;
  run(args: string[], input?: string, env?: Record<string, string>): Promise<CliResult>;
  /** Writes the credentials file: API keys, and OAuth tokens that are fresh or expired. */
  seed(o: { keys?: ProviderName[]; oauth?: Array<'openai' | 'anthropic'>; expired?: boolean }):
    Promise<void>;
  /** Every secret the world has seen so far. */
  markers(): string[];
  close(): Promise<void>;
}

export async function makeWorld(): Promise<World> {
  const home = await mkdtemp(join(tmpdir(), 'peekaboo-spill-'));
  const configDir = join(home, '.peekaboo');
  const oauth = await startFakeOAuthServer();
  const echo = await startEchoEndpoint(400);
  const provider = await startFakeProvider();
  const behaviour: Record<ProviderName, Behaviour> = {
    openai: 'accept',
    anthropic: 'accept',
    grok: 'accept',
    gemini: 'accept',
  };
  routeProviders(provider, behaviour);
  const image = join(home, 'shot.png');
  await writeFile(image, PNG_BYTES);
  const redirectUri = await freeRedirectUri();

  const world: World = {
    home,
    credentialsPath: join(configDir, 'credentials'),
    spawnLog: join(home, 'spawned.log'),
    image,
    redirectUri,
    oauth,
    echo,
    provider,
    behaviour,
    env: () => ({
      HOME: home,
      SPAWN_LOG: world.spawnLog,
      ...providerBaseUrls(provider),
      PEEKABOO_OPENAI_CODEX_BASE_URL: `${provider.url}/codex`,
      ...oauthEnv(oauth, 'openai', redirectUri),
      ...oauthEnv(oauth, 'anthropic'),
    }),
    run: (args, input, env = {}) =>
      runCli(args, { input, env: { ...world.env(), ...env }, cwd: home }),
    seed: async ({ keys = [], oauth: logins = [], expired = false }) => {
      const lines = keys.map((p) => `${keyName(p)}=${KEYS[p]}`);
      for (const p of logins) {
        const prefix = p.toUpperCase();
        lines.push(
          `${prefix}_ACCESS_TOKEN=${SEEDED_ACCESS[p]}`,
          `${prefix}_REFRESH_TOKEN=${oauth.issueRefreshToken()}`,
          `${prefix}_ACCESS_EXPIRES=${nowSeconds() + (expired ? -600 : 3600)}`,
        );
      }
      await mkdir(configDir, { recursive: true, mode: 0o700 });
      const text = `# spill test\n${lines.map((l) => `${l}\n`).join('')}`;
      await writeFile(world.credentialsPath, text, { mode: 0o600 });
    },
    markers: () => {
      const verifiers = oauth.tokenRequests.map((r) => String(r.body.code_verifier ?? ''));
      const echoed = echo.received.flatMap((p) =>
        ['code', 'code_verifier', 'refresh_token', 'token'].map((k) => p[k] ?? ''),
      );
      const { codes, accessTokens, refreshTokens } = oauth.issued;
      return [
        ...Object.values(KEYS),
        ...Object.values(SEEDED_ACCESS),
        ...Object.values(LEAKY),
        ...codes,
        ...accessTokens,
        ...refreshTokens,
        ...verifiers,
        ...echoed,
      ].filter((s) => s.length >= 8);
    },
    close: async () => {
      await Promise.all([oauth.close(), echo.close(), provider.close()]);
      await rm(home, { recursive: true, force: true });
    },
  };
  return world;
}

function keyName(provider: ProviderName): string {
  return provider === 'grok' ? 'X_AI_API_KEY' : `${provider.toUpperCase()}_API_KEY`;
}

/** Validation pings and image requests of all four providers, per `behaviour`. */
function routeProviders(server: FakeProviderServer, behaviour: Record<ProviderName, Behaviour>) {
  const answer = (p: ProviderName, r: RecordedRequest, ok: () => FakeAnswer): FakeAnswer => {
    const presented = ['authorization', 'x-api-key', 'x-goog-api-key']
      .map((h) => String(r.headers[h] ?? ''))
      .join(' ');
    const echoed = { error: { message: `Incorrect API key provided: ${presented}` } };
    switch (behaviour[p]) {
      case 'accept':
        return ok();
      case 'echo':
        return { status: 401, body: echoed };
      case 'fail':
        return { status: 500, body: echoed };
      case 'hang':
        return { hang: true };
    }
  };
  const routes: Array<[ProviderName, string, string]> = [
    ['openai', '/openai/models', '/openai/responses'],
    ['anthropic', '/anthropic/v1/models', '/anthropic/v1/messages'],
    ['grok', '/xai/models', '/xai/chat/completions'],
    ['gemini', '/gemini/models', '/gemini/models/gemini-flash-latest:streamGenerateContent'],
  ];
  // A ChatGPT sign-in goes to the Codex backend instead of the public API.
  routes.push(['openai', '/openai/models', '/codex/responses']);
  for (const [p, ping, request] of routes) {
    server.route('GET', ping, (r) => answer(p, r, () => ({ body: { data: [] } })));
    server.route('POST', request, (r) =>
      answer(p, r, () => ({
        headers: { 'content-type': 'text/event-stream' },
        chunks: streamedAnswer(p, ['A small ', 'red square.']),
        chunkDelayMs: 1,
      })),
    );
  }
}
