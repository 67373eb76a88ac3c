import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PNG_BYTES } from '../fakes/provider-answers.js';
import type { HostileCase } from './harness.js';

/** TEST-NET-3 (RFC 5737): never routed, and nothing is sent to it anyway. */
const PUBLIC_HOST = '203.0.113.7';

function refusal(variable: string, target: string): string {
  return (
    `error: ${variable} must be https://, or http:// to a loopback address; ` +
    `refusing to send credentials to ${target} (next: unset ${variable})\n`
  );
}

const BASE_URLS = [
  ['openai', 'OPENAI_BASE_URL'],
  ['anthropic', 'ANTHROPIC_BASE_URL'],
  ['grok', 'XAI_BASE_URL'],
  ['gemini', 'GEMINI_BASE_URL'],
] as const;

/** Every provider's API base URL pointed at a public host over plain http. */
const baseUrlCases: HostileCase[] = BASE_URLS.map(([provider, variable]) => ({
  name: `${variable} to a non-loopback http:// address is refused before the key is sent`,
  args: ['config', 'add', provider, '-'],
  input: 'sk-never-sent-0123456789',
  env: { [variable]: `http://${PUBLIC_HOST}:8080/v1` },
  exit: 2,
  stderr: refusal(variable, `http://${PUBLIC_HOST}:8080`),
}));

/** Hosts that only look like loopback, and schemes that are not http(s). */
const lookalikes: Array<[string, string, string]> = [
  ['a host that starts like 127.0.0.1', 'http://127.0.0.1.nip.io/v1', 'http://127.0.0.1.nip.io'],
  ['a host that starts like localhost', 'http://localhost.example.com/v1',
    'http://localhost.example.com'],
  ['an IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]:9/v1', 'http://[::ffff:7f00:1]:9'],
  ['a user and password in a loopback URL', 'http://user:pw@127.0.0.1:9/v1', 'http://127.0.0.1:9'],
  ['a file: URL', 'file:///etc/passwd', 'file://'],
];
const lookalikeCases: HostileCase[] = lookalikes.map(([what, url, shown]) => ({
  name: `OPENAI_BASE_URL with ${what} is refused`,
  args: ['config', 'add', 'openai', '-'],
  input: 'sk-never-sent-0123456789',
  env: { OPENAI_BASE_URL: url },
  exit: 2,
  stderr: refusal('OPENAI_BASE_URL', shown),
}));

const oauthOverride = (variable: string) => ({
  [variable]: `http://${PUBLIC_HOST}/oauth/endpoint`,
});

/** Each OAuth endpoint override, refused by the command that would use it first. */
const oauthCases: HostileCase[] = [
  {
    name: 'an http:// authorize URL override stops the login before the URL is shown',
    args: ['config', 'login', 'openai', '--no-browser'],
    env: oauthOverride('PEEKABOO_OPENAI_AUTHORIZE_URL'),
    exit: 2,
    stderr: refusal('PEEKABOO_OPENAI_AUTHORIZE_URL', `http://${PUBLIC_HOST}`),
  },
  {
    name: 'an http:// token URL override stops the login before a code is exchanged',
    args: ['config', 'login', 'anthropic', '--no-browser'],
    input: 'corpus-pasted-code-0123456789\n',
    env: oauthOverride('PEEKABOO_ANTHROPIC_TOKEN_URL'),
    exit: 2,
    stderr: refusal('PEEKABOO_ANTHROPIC_TOKEN_URL', `http://${PUBLIC_HOST}`),
  },
  {
    name: 'an http:// token URL override stops a refresh before the refresh token is sent',
    args: ['config', 'token', 'openai'],
    expiredTokens: true,
    env: oauthOverride('PEEKABOO_OPENAI_TOKEN_URL'),
    exit: 2,
    stderr: refusal('PEEKABOO_OPENAI_TOKEN_URL', `http://${PUBLIC_HOST}`),
  },
  {
    name: 'an http:// revoke URL override stops a logout before anything is removed',
    args: ['config', 'logout', 'openai'],
    env: oauthOverride('PEEKABOO_OPENAI_REVOKE_URL'),
    exit: 2,
    stderr: refusal('PEEKABOO_OPENAI_REVOKE_URL', `http://${PUBLIC_HOST}`),
  },
  {
    name: 'an http:// redirect URI to another host is refused, so no code goes there',
    args: ['config', 'login', 'openai', '--no-browser'],
    env: { PEEKABOO_OPENAI_REDIRECT_URI: `http://${PUBLIC_HOST}:1455/auth/callback` },
    exit: 2,
    stderr: refusal('PEEKABOO_OPENAI_REDIRECT_URI', `http://${PUBLIC_HOST}:1455`),
  },
  {
    name: 'an http:// Codex base URL override is refused before the token is sent',
    args: ['analyze', 'shot.png', '--provider', 'openai'],
    setup: (ctx) => writeFile(join(ctx.home, 'shot.png'), PNG_BYTES),
    env: { PEEKABOO_OPENAI_CODEX_BASE_URL: `http://${PUBLIC_HOST}/codex` },
    exit: 2,
    stderr: refusal('PEEKABOO_OPENAI_CODEX_BASE_URL', `http://${PUBLIC_HOST}`),
  },
];

/** Base-URL and OAuth endpoint overrides that would put a secret on the wire in clear text. */
export const URL_CASES: HostileCase[] = [...baseUrlCases, ...lookalikeCases, ...oauthCases];
