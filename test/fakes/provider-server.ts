import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the fake provider received, with every header and the body. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** How a route answers: a status and body, a delay, or never. */
export interface FakeAnswer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Accept the request and never answer. */
  hang?: boolean;
  /** Send the status, the headers and this start of the body, then never finish. */
  stall?: string;
  /**
   * Body chunks written with `chunkDelayMs` between them (for streaming tests). A promise
   * holds the rest of the body back until it resolves, so a test decides when it goes.
   */
  chunks?: Array<string | Promise<string>>;
  chunkDelayMs?: number;
}

export type FakeRoute = (request: RecordedRequest) => FakeAnswer | Promise<FakeAnswer>;

export interface FakeProviderServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: RecordedRequest[];
  /** Requests that matched no route: a test asserts this stays empty. */
  unexpected: RecordedRequest[];
  route(method: string, path: string, handler: FakeRoute): void;
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 standing in for a provider API. Routes match method
 * and path (query string excluded); anything else answers 404 and is recorded.
 */
export async function startFakeProvider(): Promise<FakeProviderServer> {
  const routes = new Map<string, FakeRoute>();
  const requests: RecordedRequest[] = [];
  const unexpected: RecordedRequest[] = [];
  const hanging = new Set<ServerResponse>();

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    requests.push(recorded);
    const handler = routes.get(`${recorded.method} ${recorded.path.split('?')[0]}`);
    if (!handler) {
      unexpected.push(recorded);
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'no such route in the fake provider' } }));
      return;
    }
    await answer(res, await handler(recorded), hanging);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    unexpected,
    route: (method, path, handler) => routes.set(`${method} ${path}`, handler),
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function answer(res: ServerResponse, a: FakeAnswer, hanging: Set<ServerResponse>) {
  if (a.hang) {
    hanging.add(res);
    return;
  }
  if (a.delayMs) await new Promise((resolve) => setTimeout(resolve, a.delayMs));
  const isText = typeof a.body === 'string';
  res.writeHead(a.status ?? 200, {
    'content-type': isText ? 'text/plain' : 'application/json',
    ...a.headers,
  });
  if (a.stall !== undefined) {
    res.write(a.stall);
    hanging.add(res);
    return;
  }
  if (a.chunks) {
    for (const chunk of a.chunks) {
      res.write(await chunk);
      await new Promise((resolve) => setTimeout(resolve, a.chunkDelayMs ?? 20));
    }
    res.end();
    return;
  }
  res.end(isText ? (a.body as string) : JSON.stringify(a.body ?? {}));
}

/** The validation route of each provider, answering 200 for `validKey` and 401 otherwise. */
export function routeValidation(server: FakeProviderServer, validKey: string): void {
  const check = (presented: string | undefined): FakeAnswer =>
    presented === validKey
      ? { body: { data: [] } }
      : { status: 401, body: { error: { message: 'Incorrect API key provided' } } };
  const bearer = (r: RecordedRequest) =>
    String(r.headers.authorization ?? '').replace(/^Bearer /, '');
  server.route('GET', '/openai/models', (r) => check(bearer(r)));
  server.route('GET', '/anthropic/v1/models', (r) => check(r.headers['x-api-key'] as string));
  server.route('GET', '/xai/models', (r) => check(bearer(r)));
  server.route('GET', '/gemini/models', (r) => check(r.headers['x-goog-api-key'] as string));
}

/** Environment pointing every provider's base URL at the fake server. */
export function providerBaseUrls(server: FakeProviderServer): Record<string, string> {
  return {
    OPENAI_BASE_URL: `${server.url}/openai`,
    ANTHROPIC_BASE_URL: `${server.url}/anthropic`,
    XAI_BASE_URL: `${server.url}/xai`,
    GEMINI_BASE_URL: `${server.url}/gemini`,
  };
}
