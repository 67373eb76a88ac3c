import type { FakeProviderServer } from '../../test/fakes/provider-server.js';

/** Answer time of the fake token endpoint: a nearby provider's real refresh takes about this. */
export const TOKEN_DELAY_MS = 75;

/**
 * A refresh-token grant endpoint at POST /token that rotates the refresh token on every
 * use, as OpenAI and Anthropic do: a second refresh with an already used token is refused
 * with `invalid_grant`, so a double refresh would show up as a failure, not only a count.
 */
export interface FakeTokenEndpoint {
  url: string;
  /** Refresh requests received since the last `reset`, refused ones included. */
  readonly requests: number;
  readonly refused: number;
  /** Forgets the counts and makes `refreshToken` the one valid refresh token. */
  reset(refreshToken: string): void;
}

export function routeTokenEndpoint(server: FakeProviderServer): FakeTokenEndpoint {
  let valid = '';
  let requests = 0;
  let refused = 0;
  let issued = 0;
  server.route('POST', '/token', (request) => {
    requests++;
    const form = new URLSearchParams(request.body);
    if (form.get('grant_type') !== 'refresh_token' || form.get('refresh_token') !== valid) {
      refused++;
      return { status: 400, body: { error: 'invalid_grant' }, delayMs: TOKEN_DELAY_MS };
    }
    issued++;
    valid = `rt-bench-${issued}`;
    const body = { access_token: `at-bench-${issued}`, refresh_token: valid, expires_in: 3600 };
    return { body: { ...body, token_type: 'Bearer' }, delayMs: TOKEN_DELAY_MS };
  });
  return {
    url: `${server.url}/token`,
    get requests() {
      return requests;
    },
    get refused() {
      return refused;
    },
    reset(refreshToken) {
      valid = refreshToken;
      requests = 0;
      refused = 0;
    },
  };
}
