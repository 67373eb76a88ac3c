import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { TempHome } from './cli.js';
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

/** The stderr a login prints before it waits, for the URL it printed. */
export function loginBanner(providerName: string, url: URL): string {
  return `Open this URL to sign in to ${providerName}:\n\n  ${url.href}\n\n`;
}
