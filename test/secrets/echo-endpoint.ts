import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A token or revocation endpoint that repeats every secret it is sent in its refusal. */
export interface EchoEndpoint {
  url: string;
  /** The parameters of each request, form or JSON, as received. */
  received: Array<Record<string, string>>;
  /** The status it answers with; change it between runs. */
  status: number;
  close(): Promise<void>;
}

/**
 * Starts a server on 127.0.0.1 that answers every request with `status` and an OAuth error
 * body (RFC 6749 section 5.2) whose description quotes the whole request: its body and its
 * authorization header. Providers that echo input do this; nothing of it may be printed.
 */
export async function startEchoEndpoint(status: number): Promise<EchoEndpoint> {
  const received: Array<Record<string, string>> = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    received.push(parseParams(text));
    const everything = `${text} ${req.headers.authorization ?? ''}`;
    // Both an OAuth error and a provider error shape, so either reader finds the echo.
    res.writeHead(endpoint.status, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        error: endpoint.status >= 500 ? 'temporarily_unavailable' : 'invalid_grant',
        error_description: `you sent ${everything}`,
        message: `you sent ${everything}`,
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint: EchoEndpoint = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth/token`,
    received,
    status,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return endpoint;
}

function parseParams(text: string): Record<string, string> {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null) {
      return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
    }
  } catch {
    // Form encoded.
  }
  return Object.fromEntries(new URLSearchParams(text));
}
