// A fake OAuth 2.0 authorization server on 127.0.0.1 for tests: authorize (auto-consent),
// token (authorization_code with PKCE S256, rotating refresh tokens) and revocation.
// It checks what a client sends as strictly as a real server would, and records every
// protocol slip in `unexpected` so a test can assert that list stays empty.
//
// In process: `const server = await startFakeOAuthServer({ ... })`.
// As its own process: `node --import tsx test/fakes/oauth-server.ts` with options as JSON
// in FAKE_OAUTH_OPTIONS; it prints one JSON line with its URLs and serves the counters at
// GET /__fake__/stats until it gets SIGTERM.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { OAuthClientConfig } from '../../src/oauth/types.js';

export interface FakeOAuthServerOptions {
  /** The only client id accepted; default `peekaboo-test-client`. */
  clientId: string;
  /** Accepted redirect URIs, compared exactly; empty (default) accepts any http(s) URI. */
  redirectUris: string[];
  /** The token request body encoding required; default `any`. */
  tokenEncoding: 'form' | 'json' | 'any';
  /** Anthropic style: the code exchange must carry the authorization request's `state`. */
  requireStateInTokenRequest: boolean;
  /**
   * `redirect` (default) answers 302 to the redirect URI with code and state; `codePage`
   * shows an HTML page with `code#state` (Anthropic style); `deny` redirects with
   * error=access_denied.
   */
  authorizeMode: 'redirect' | 'codePage' | 'deny';
  expiresIn: number;
  /** Wait this long before answering a token request, after its tokens are spent. */
  tokenDelayMs: number;
  /** Issue a new refresh token on each refresh and retire the old one; default true. */
  rotateRefreshTokens: boolean;
}

/** A canned answer for the next token (or revocation) request, taken before any checks. */
export type ScriptedResponse =
  | {
      status: number;
      /** An object is sent as JSON; a string as is. */
      body?: string | object;
      contentType?: string;
      headers?: Record<string, string>;
    }
  /** Never answer; the connection stays open until the client gives up. */
  | { hang: true }
  /** Stream this many bytes of body without a content-length. */
  | { hugeBodyBytes: number; status?: number; contentType?: string }
  | { resetConnection: true };

export interface TokenRequestRecord {
  grantType: string | undefined;
  encoding: 'form' | 'json' | 'other';
  body: Record<string, unknown>;
}

export interface AuthorizationRecord {
  clientId: string;
  redirectUri: string;
  state: string;
  scope: string;
  codeChallenge: string;
  /** Every other query parameter, as sent. */
  params: Record<string, string>;
  code?: string;
}

export interface FakeOAuthStats {
  authorize: number;
  token: number;
  codeGrants: number;
  refreshGrants: number;
  revoke: number;
  revoked: string[];
  unexpected: string[];
}

export interface FakeOAuthServer {
  url: string;
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  /** Live options; change them between steps of a test. */
  options: FakeOAuthServerOptions;
  tokenRequests: TokenRequestRecord[];
  authorizations: AuthorizationRecord[];
  /** Tokens received by the revocation endpoint, in order. */
  revoked: string[];
  revokeRequests: Array<{ token: string; tokenTypeHint?: string }>;
  /** Unknown routes and protocol violations; tests assert this stays empty. */
  unexpected: string[];
  /** Everything the server handed out, for checking that no message leaks one. */
  issued: { codes: string[]; accessTokens: string[]; refreshTokens: string[] };
  /** Queues canned answers for the next token requests. */
  script(...responses: ScriptedResponse[]): void;
  /** Queues canned answers for the next revocation requests. */
  scriptRevoke(...responses: ScriptedResponse[]): void;
  /** A valid refresh token as if a login had happened, for refresh tests. */
  issueRefreshToken(): string;
  isRefreshTokenValid(token: string): boolean;
  isAccessTokenValid(token: string): boolean;
  stats(): FakeOAuthStats;
  close(): Promise<void>;
}

const DEFAULTS: FakeOAuthServerOptions = {
  clientId: 'peekaboo-test-client',
  redirectUris: [],
  tokenEncoding: 'any',
  requireStateInTokenRequest: false,
  authorizeMode: 'redirect',
  expiresIn: 3600,
  tokenDelayMs: 0,
  rotateRefreshTokens: true,
};
const MAX_REQUEST_BODY = 1024 * 1024;

interface PendingCode {
  clientId: string;
  redirectUri: string;
  state: string;
  scope: string;
  codeChallenge: string;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: object,
    readonly violation?: string,
  ) {
    super(violation ?? 'http error');
  }
}

/** Starts the fake on 127.0.0.1 at a free port. */
export async function startFakeOAuthServer(
  options: Partial<FakeOAuthServerOptions> = {},
): Promise<FakeOAuthServer> {
  const opts: FakeOAuthServerOptions = { ...DEFAULTS, ...options };
  const codes = new Map<string, PendingCode>();
  const refreshTokens = new Set<string>();
  const accessTokens = new Set<string>();
  const tokenScript: ScriptedResponse[] = [];
  const revokeScript: ScriptedResponse[] = [];
  const counts = { authorize: 0, token: 0, codeGrants: 0, refreshGrants: 0, revoke: 0 };
  const fake = {
    tokenRequests: [] as TokenRequestRecord[],
    authorizations: [] as AuthorizationRecord[],
    revoked: [] as string[],
    revokeRequests: [] as Array<{ token: string; tokenTypeHint?: string }>,
    unexpected: [] as string[],
    issued: { codes: [] as string[], accessTokens: [] as string[], refreshTokens: [] as string[] },
  };

  const newToken = (prefix: string): string => `${prefix}${randomBytes(24).toString('base64url')}`;
  const issueTokens = (withRefresh: boolean, scope: string): Record<string, unknown> => {
    const accessToken = newToken('fake-at-');
    accessTokens.add(accessToken);
    fake.issued.accessTokens.push(accessToken);
    const answer: Record<string, unknown> = {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: opts.expiresIn,
      scope,
    };
    if (withRefresh) {
      const refreshToken = newToken('fake-rt-');
      refreshTokens.add(refreshToken);
      fake.issued.refreshTokens.push(refreshToken);
      answer.refresh_token = refreshToken;
    }
    return answer;
  };

  const violation = (req: IncomingMessage, what: string): void => {
    fake.unexpected.push(`${req.method} ${pathOf(req)}: ${what}`);
  };
  const stats = (): FakeOAuthStats => ({
    ...counts,
    revoked: [...fake.revoked],
    unexpected: [...fake.unexpected],
  });

  const authorize = (req: IncomingMessage, res: ServerResponse): void => {
    counts.authorize += 1;
    const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
    const p = Object.fromEntries(query);
    const problem = checkAuthorizationRequest(p, opts);
    if (problem) {
      violation(req, problem);
      return sendText(res, 400, `bad authorization request: ${problem}`);
    }

    const pending: PendingCode = {
      clientId: p.client_id ?? '',
      redirectUri: p.redirect_uri ?? '',
      state: p.state ?? '',
      scope: p.scope ?? '',
      codeChallenge: p.code_challenge ?? '',
    };
    const record: AuthorizationRecord = { ...pending, params: p };
    fake.authorizations.push(record);
    const target = new URL(pending.redirectUri);
    if (opts.authorizeMode === 'deny') {
      target.searchParams.set('error', 'access_denied');
      target.searchParams.set('error_description', 'The user denied access');
      target.searchParams.set('state', pending.state);
      return redirect(res, target.href);
    }

    const code = newToken('fake-code-');
    codes.set(code, pending);
    fake.issued.codes.push(code);
    record.code = code;
    if (opts.authorizeMode === 'codePage') {
      return sendHtml(
        res,
        200,
        '<!doctype html><title>Authentication code</title><p>Paste this into peekaboo:</p>' +
          `<code id="code">${escapeHtml(`${code}#${pending.state}`)}</code>`,
      );
    }
    target.searchParams.set('code', code);
    target.searchParams.set('state', pending.state);
    redirect(res, target.href);
  };

  const codeGrant = (req: IncomingMessage, body: Record<string, unknown>) => {
    counts.codeGrants += 1;
    const code = stringParam(body, 'code');
    const verifier = stringParam(body, 'code_verifier');
    if (!code || !verifier || !stringParam(body, 'redirect_uri')) {
      throw new HttpError(400, oauthError('invalid_request'), 'code grant missing a parameter');
    }
    const pending = codes.get(code);
    // Single use: a code is spent by the first attempt, right or wrong (RFC 6749 4.1.2).
    codes.delete(code);
    if (!pending) throw new HttpError(400, oauthError('invalid_grant', 'Invalid code'));
    if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) ||
        sha256Base64Url(verifier) !== pending.codeChallenge) {
      violation(req, 'code_verifier does not match code_challenge');
      throw new HttpError(400, oauthError('invalid_grant', 'PKCE verification failed'));
    }
    if (body.redirect_uri !== pending.redirectUri) {
      throw new HttpError(400, oauthError('invalid_grant'), 'redirect_uri differs');
    }
    if (opts.requireStateInTokenRequest && body.state !== pending.state) {
      throw new HttpError(400, oauthError('invalid_request'), 'state missing or wrong');
    }
    return issueTokens(true, pending.scope);
  };

  const refreshGrant = (body: Record<string, unknown>) => {
    counts.refreshGrants += 1;
    if (body.scope !== undefined) {
      throw new HttpError(400, oauthError('invalid_request'), 'scope sent on refresh');
    }
    const token = stringParam(body, 'refresh_token');
    if (!token) throw new HttpError(400, oauthError('invalid_request'), 'no refresh_token');
    if (!refreshTokens.has(token)) {
      throw new HttpError(400, oauthError('invalid_grant', 'Refresh token is invalid'));
    }
    if (!opts.rotateRefreshTokens) return issueTokens(false, '');
    refreshTokens.delete(token);
    return issueTokens(true, '');
  };

  const token = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    counts.token += 1;
    const { encoding, body } = await readBody(req);
    const grantType = stringParam(body, 'grant_type');
    fake.tokenRequests.push({ grantType, encoding, body });
    const scripted = tokenScript.shift();
    if (scripted) return sendScripted(res, scripted);

    try {
      checkClient(body, encoding, opts, 'token');
      const answer =
        grantType === 'authorization_code' ? codeGrant(req, body)
        : grantType === 'refresh_token' ? refreshGrant(body)
        : undefined;
      if (!answer) {
        throw new HttpError(400, oauthError('unsupported_grant_type'), 'unknown grant_type');
      }
      await sleep(opts.tokenDelayMs);
      sendJson(res, 200, answer);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      if (error.violation) violation(req, error.violation);
      await sleep(opts.tokenDelayMs);
      sendJson(res, error.status, error.body);
    }
  };

  const revoke = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    counts.revoke += 1;
    const { encoding, body } = await readBody(req);
    const scripted = revokeScript.shift();
    if (scripted) return sendScripted(res, scripted);
    try {
      checkClient(body, encoding, opts, 'revocation');
      const revoked = stringParam(body, 'token');
      if (!revoked) throw new HttpError(400, oauthError('invalid_request'), 'no token');
      const hint = stringParam(body, 'token_type_hint');
      fake.revoked.push(revoked);
      fake.revokeRequests.push({ token: revoked, ...(hint ? { tokenTypeHint: hint } : {}) });
      refreshTokens.delete(revoked);
      accessTokens.delete(revoked);
      res.writeHead(200, { 'content-length': '0' });
      res.end();
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      if (error.violation) violation(req, error.violation);
      sendJson(res, error.status, error.body);
    }
  };

  const server = createServer((req, res) => {
    const route = `${req.method} ${pathOf(req)}`;
    const handled =
      route === 'GET /oauth/authorize' ? authorize(req, res)
      : route === 'POST /oauth/token' ? token(req, res)
      : route === 'POST /oauth/revoke' ? revoke(req, res)
      : route === 'GET /__fake__/stats' ? sendJson(res, 200, stats())
      : notFound(req, res);
    Promise.resolve(handled).catch((error: unknown) => {
      violation(req, `fake server failure: ${String(error)}`);
      if (!res.headersSent) sendText(res, 500, 'fake server failure');
    });
  });
  const notFound = (req: IncomingMessage, res: ServerResponse): void => {
    violation(req, 'no such route');
    sendText(res, 404, 'not found');
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    authorizeUrl: `${url}/oauth/authorize`,
    tokenUrl: `${url}/oauth/token`,
    revokeUrl: `${url}/oauth/revoke`,
    options: opts,
    ...fake,
    script: (...responses) => void tokenScript.push(...responses),
    scriptRevoke: (...responses) => void revokeScript.push(...responses),
    issueRefreshToken: () => {
      const refreshToken = newToken('fake-rt-');
      refreshTokens.add(refreshToken);
      fake.issued.refreshTokens.push(refreshToken);
      return refreshToken;
    },
    isRefreshTokenValid: (t) => refreshTokens.has(t),
    isAccessTokenValid: (t) => accessTokens.has(t),
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A client config aimed at the fake, with the fake's client id; overrides win. */
export function fakeClientConfig(
  fake: FakeOAuthServer,
  overrides: Partial<OAuthClientConfig> = {},
): OAuthClientConfig {
  return {
    authorizationEndpoint: fake.authorizeUrl,
    tokenEndpoint: fake.tokenUrl,
    revocationEndpoint: fake.revokeUrl,
    clientId: fake.options.clientId,
    redirectUri: 'http://127.0.0.1:1455/auth/callback',
    scope: 'openid offline_access',
    extraAuthorizationParams: {},
    tokenRequestEncoding: 'form',
    sendStateInTokenRequest: false,
    ...overrides,
  };
}

/**
 * Plays the browser: opens the authorization URL and, with `followToCallback`, follows
 * the redirect to the callback as a plain GET. Returns the authorize answer, the redirect
 * target, and the callback's answer when followed.
 */
export async function openAuthorizationUrl(
  url: URL | string,
  options: { followToCallback?: boolean } = {},
): Promise<{
  status: number;
  body: string;
  location?: URL;
  callback?: { status: number; body: string };
}> {
  const answer = await fetch(url, { redirect: 'manual' });
  const body = await answer.text();
  const target = answer.headers.get('location');
  const location = target ? new URL(target) : undefined;
  if (!location || !options.followToCallback) return { status: answer.status, body, location };

  const callback = await fetch(location, { redirect: 'manual' });
  return {
    status: answer.status,
    body,
    location,
    callback: { status: callback.status, body: await callback.text() },
  };
}

function checkAuthorizationRequest(
  p: Record<string, string>,
  opts: FakeOAuthServerOptions,
): string | undefined {
  if (p.client_id !== opts.clientId) return 'unknown client_id';
  if (!p.redirect_uri || !/^https?:\/\//.test(p.redirect_uri)) return 'bad redirect_uri';
  if (opts.redirectUris.length > 0 && !opts.redirectUris.includes(p.redirect_uri)) {
    return 'redirect_uri not registered';
  }
  if (p.response_type !== 'code') return 'response_type must be code';
  if (p.code_challenge_method !== 'S256') return 'code_challenge_method must be S256';
  if (!/^[A-Za-z0-9_-]{43}$/.test(p.code_challenge ?? '')) return 'bad code_challenge';
  if (!p.state) return 'state missing';
  return undefined;
}

function checkClient(
  body: Record<string, unknown>,
  encoding: TokenRequestRecord['encoding'],
  opts: FakeOAuthServerOptions,
  endpoint: string,
): void {
  if (encoding === 'other' || (opts.tokenEncoding !== 'any' && encoding !== opts.tokenEncoding)) {
    throw new HttpError(
      400,
      oauthError('invalid_request', 'Unsupported body encoding'),
      `${endpoint} request body is ${encoding}, expected ${opts.tokenEncoding}`,
    );
  }
  if (body.client_id !== opts.clientId) {
    throw new HttpError(401, oauthError('invalid_client'), 'unknown client_id');
  }
}

async function readBody(
  req: IncomingMessage,
): Promise<{ encoding: TokenRequestRecord['encoding']; body: Record<string, unknown> }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BODY) throw new Error('request body too large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    return { encoding: 'form', body: Object.fromEntries(new URLSearchParams(text)) };
  }
  if (type === 'application/json') {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        return { encoding: 'json', body: parsed as Record<string, unknown> };
      }
    } catch {
      // Falls through to `other`.
    }
  }
  return { encoding: 'other', body: {} };
}

async function sendScripted(res: ServerResponse, scripted: ScriptedResponse): Promise<void> {
  if ('hang' in scripted) return;
  if ('resetConnection' in scripted) {
    res.socket?.destroy();
    return;
  }
  if ('hugeBodyBytes' in scripted) {
    res.writeHead(scripted.status ?? 200, {
      'content-type': scripted.contentType ?? 'application/json',
    });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    for (let sent = 0; sent < scripted.hugeBodyBytes && !res.destroyed; sent += chunk.length) {
      if (!res.write(chunk)) {
        await new Promise((resolve) => {
          res.once('drain', resolve);
          res.once('close', resolve);
        });
      }
    }
    res.end();
    return;
  }
  const isObject = typeof scripted.body === 'object';
  const body = isObject ? JSON.stringify(scripted.body) : (scripted.body ?? '');
  res.writeHead(scripted.status, {
    'content-type': scripted.contentType ?? 'application/json',
    ...scripted.headers,
  });
  res.end(body);
}

function stringParam(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' ? value : undefined;
}

function oauthError(error: string, description?: string): object {
  return description ? { error, error_description: description } : { error };
}

function sha256Base64Url(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

function pathOf(req: IncomingMessage): string {
  return new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, 'content-length': '0' });
  res.end();
}

function sendJson(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`${text}\n`);
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(html);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const options = JSON.parse(process.env.FAKE_OAUTH_OPTIONS ?? '{}') as Partial<
    FakeOAuthServerOptions
  >;
  const fake = await startFakeOAuthServer(options);
  const { url, authorizeUrl, tokenUrl, revokeUrl } = fake;
  process.stdout.write(`${JSON.stringify({ url, authorizeUrl, tokenUrl, revokeUrl })}\n`);
  process.once('SIGTERM', () => void fake.close());
}
