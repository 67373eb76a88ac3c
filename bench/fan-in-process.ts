import { performance } from 'node:perf_hooks';
import { CredentialManager } from '../src/auth/credential-manager.js';
import { startFakeProvider } from '../test/fakes/provider-server.js';
import { openAiTokens, withBenchHome, type BenchHome } from './lib/bench-home.js';
import type { BenchResult } from './lib/sampling.js';
import { formatMs, median } from './lib/stats.js';
import {
  routeTokenEndpoint,
  TOKEN_DELAY_MS,
  type FakeTokenEndpoint,
} from './lib/token-endpoint.js';

const CALLERS = 1_000;
const WARMUP_ROUNDS = 1;
const ROUNDS = 7;
const GOAL = 2;

interface Outcome {
  wallMs: number;
  requests: number;
  refused: number;
  distinctTokens: number;
}

/**
 * 3a. Refresh fan-in in one process: 1,000 concurrent `getCredential('openai')` calls on
 * an expired token, against one lone call, each round starting from the same expired file.
 */
export async function benchFanInProcess(): Promise<BenchResult> {
  const server = await startFakeProvider();
  try {
    const endpoint = routeTokenEndpoint(server);
    return await withBenchHome(async (home) => {
      const lone: Outcome[] = [];
      const crowd: Outcome[] = [];
      for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
        const one = await refreshRound(home, endpoint, 1);
        const many = await refreshRound(home, endpoint, CALLERS);
        if (round < WARMUP_ROUNDS) continue;
        lone.push(one);
        crowd.push(many);
      }
      return report(lone, crowd);
    });
  } finally {
    await server.close();
  }
}

async function refreshRound(home: BenchHome, endpoint: FakeTokenEndpoint, callers: number) {
  const refreshToken = `rt-bench-start-${callers}-${Date.now()}`;
  await home.writeCredentials(openAiTokens('at-bench-expired', refreshToken, -60));
  endpoint.reset(refreshToken);
  // A new manager and store per round: nothing cached from the previous round.
  const manager = new CredentialManager({
    env: { HOME: home.home, PEEKABOO_OPENAI_TOKEN_URL: endpoint.url },
    timeoutMs: 10_000,
  });
  const started = performance.now();
  const calls = Array.from({ length: callers }, () => manager.getCredential('openai'));
  const credentials = await Promise.all(calls);
  const wallMs = performance.now() - started;
  const tokens = new Set(credentials.map((c) => c.secret));
  if (tokens.has('at-bench-expired')) throw new Error('a caller got the expired token');
  const { requests, refused } = endpoint;
  return { wallMs, requests, refused, distinctTokens: tokens.size };
}

function report(lone: Outcome[], crowd: Outcome[]): BenchResult {
  const base = median(lone.map((o) => o.wallMs));
  const ms = median(crowd.map((o) => o.wallMs));
  const maxRequests = Math.max(...crowd.map((o) => o.requests));
  const allOneToken = crowd.every((o) => o.distinctTokens === 1 && o.refused === 0);
  return {
    rows: [
      {
        figure: '3a. fan-in, 1 process: token requests',
        value: `${maxRequests} (max of ${ROUNDS} rounds)`,
        baseline: '—',
        goal: '1',
        met: maxRequests === 1 && allOneToken,
      },
      {
        figure: `3a. fan-in, 1 process: ${CALLERS} callers, wall`,
        value: `${formatMs(ms)}, ${allOneToken ? 'one token for all' : 'TOKENS DIFFER'}`,
        baseline: `one lone refresh: ${formatMs(base)}`,
        ratio: ms / base,
        goal: `< ${GOAL}×`,
        met: ms / base < GOAL,
      },
    ],
    notes: [
      `Fan-in in one process: median of ${ROUNDS} rounds after ${WARMUP_ROUNDS} warm-up; ` +
        `the fake token endpoint answers after ${TOKEN_DELAY_MS} ms and rotates the refresh ` +
        'token, refusing a reused one with invalid_grant.',
    ],
    peaks: [],
  };
}
