import { performance } from 'node:perf_hooks';
import { CredentialStore } from '../src/store/credentials-store.js';
import { startFakeProvider } from '../test/fakes/provider-server.js';
import { openAiTokens, withBenchHome, type BenchHome } from './lib/bench-home.js';
import { watchLockDrafts } from './lib/lock-watch.js';
import type { Row } from './lib/report.js';
import { peakMemory, type BenchResult } from './lib/sampling.js';
import type { MemoryProbe } from './lib/memory-probe.js';
import { peekaboo, timeOk, timeRun, type NodeRun, type RunResult } from './lib/spawn.js';
import { formatMs, median } from './lib/stats.js';
import { routeTokenEndpoint, type FakeTokenEndpoint } from './lib/token-endpoint.js';

const PROCESSES = 16;
const ROUNDS = 7;
const GOAL = 2;
/** How long the gated round waits for every process to reach the lock. */
const GATE_TIMEOUT_MS = 15_000;

/** One round: the same command alone and 16 at once, on an expired and on a fresh token. */
interface Round {
  alone: number;
  crowd: Crowd;
  aloneFresh: number;
  crowdFresh: number;
}

interface Crowd {
  wallMs: number;
  requests: number;
  /** Processes that printed the token the endpoint issued; all of them when it went well. */
  agreeing: number;
  /** Processes seen at the credentials lock, i.e. that found the token expiring. */
  atLock: number;
}

/**
 * 3b. Refresh fan-in across processes: 16 `peekaboo config token openai` started together
 * on an expired token, against one process refreshing alone. Two more measurements explain
 * the figure: the same 16 with a fresh token (start-up alone), and a gated round in which
 * the bench holds the credentials lock until all 16 wait at it, so every one of them has
 * certainly found the token expired.
 */
export async function benchFanInProcesses(probe: MemoryProbe): Promise<BenchResult> {
  const server = await startFakeProvider();
  try {
    const endpoint = routeTokenEndpoint(server);
    return await withBenchHome(async (home) => {
      const env = { HOME: home.home, PEEKABOO_OPENAI_TOKEN_URL: endpoint.url };
      const label = 'peekaboo config token openai (refreshing)';
      const run = peekaboo(label, ['config', 'token', 'openai'], env);
      const expire = () => expireToken(home, endpoint);
      const freshTokens = openAiTokens('at-bench-fresh', 'rt-bench-fresh', 3600);
      const fresh = () => home.writeCredentials(freshTokens);

      await expire();
      await timeOk(run);
      const rounds: Round[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        await expire();
        const alone = await startTogether(run, 1, endpoint, home);
        if (alone.requests !== 1) throw new Error(`a lone refresh sent ${alone.requests} requests`);
        await expire();
        const crowd = await startTogether(run, PROCESSES, endpoint, home);
        await fresh();
        const aloneFresh = (await startTogether(run, 1, endpoint, home)).wallMs;
        const crowdFresh = (await startTogether(run, PROCESSES, endpoint, home)).wallMs;
        rounds.push({ alone: alone.wallMs, crowd, aloneFresh, crowdFresh });
      }
      await expire();
      const gated = await gatedRound(run, endpoint, home);
      const peak = await peakMemory(run, probe, expire);

      const at = (pick: (r: Round) => number) => median(rounds.map(pick));
      const rows = [
        ...crowdRows(rounds.map((r) => r.crowd), at((r) => r.alone)),
        contextRow(at((r) => r.crowdFresh), at((r) => r.aloneFresh)),
        // Differences within a round: the machine's load drifts less inside one round.
        refreshCostRow(
          at((r) => r.crowd.wallMs - r.crowdFresh),
          at((r) => r.alone - r.aloneFresh),
        ),
        gatedRow(gated),
      ];
      const notes = [
        `Fan-in across processes: median of ${ROUNDS} rounds (the refresh cost: median of ` +
          'the differences within each round); wall time from the first spawn ' +
          `to the last exit. "At the lock" counts the processes seen writing a lock draft ` +
          'file, that is the ones that found the token expired; the others started after ' +
          'the refresh and read the new token without waiting.',
      ];
      return { rows, notes, peaks: [peak] };
    });
  } finally {
    await server.close();
  }
}

async function expireToken(home: BenchHome, endpoint: FakeTokenEndpoint): Promise<void> {
  const refreshToken = `rt-bench-start-${performance.now()}`;
  await home.writeCredentials(openAiTokens('at-bench-expired', refreshToken, -60));
  endpoint.reset(refreshToken);
}

/** Starts `count` copies of `run` at once and waits for all of them. */
async function startTogether(
  run: NodeRun,
  count: number,
  endpoint: FakeTokenEndpoint,
  home: BenchHome,
): Promise<Crowd> {
  const watch = watchLockDrafts(home.configDir);
  try {
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: count }, () => timeRun(run)));
    const wallMs = performance.now() - started;
    return { wallMs, ...judge(results, endpoint), atLock: watch.pids.size };
  } finally {
    watch.close();
  }
}

/** Holds the lock (as a slow peekaboo would) until all processes wait at it, then lets go. */
async function gatedRound(run: NodeRun, endpoint: FakeTokenEndpoint, home: BenchHome) {
  const watch = watchLockDrafts(home.configDir);
  const store = new CredentialStore({ path: home.credentialsPath });
  try {
    let running: Promise<RunResult[]> = Promise.resolve([]);
    let released = 0;
    await store.update(async () => {
      running = Promise.all(Array.from({ length: PROCESSES }, () => timeRun(run)));
      await watch.waitFor(PROCESSES, GATE_TIMEOUT_MS);
      released = performance.now();
      return undefined;
    });
    const results = await running;
    const wallMs = performance.now() - released;
    return { wallMs, ...judge(results, endpoint), atLock: watch.pids.size };
  } finally {
    watch.close();
  }
}

function judge(results: RunResult[], endpoint: FakeTokenEndpoint) {
  const failed = results.find((r) => r.code !== 0);
  if (failed) throw new Error(`config token failed: ${failed.stderr.trim().slice(0, 300)}`);
  const tokens = results.map((r) => r.stdout.trim());
  const first = tokens[0] ?? '';
  const agreeing = first.startsWith('at-bench-')
    ? tokens.filter((t) => t === first).length
    : 0;
  return { requests: endpoint.requests, agreeing };
}

function crowdRows(crowds: Crowd[], loneMs: number): Row[] {
  const ms = median(crowds.map((c) => c.wallMs));
  const maxRequests = Math.max(...crowds.map((c) => c.requests));
  const allAgree = crowds.every((c) => c.agreeing === PROCESSES);
  const atLock = crowds.map((c) => c.atLock).join(', ');
  return [
    {
      figure: `3b. fan-in, ${PROCESSES} processes: token requests`,
      value: `${maxRequests} (max of ${ROUNDS} rounds; at the lock: ${atLock})`,
      baseline: '—',
      goal: '1',
      met: maxRequests === 1 && allAgree,
    },
    {
      figure: `3b. fan-in, ${PROCESSES} processes: wall`,
      value: `${formatMs(ms)}, ${allAgree ? `same token in all ${PROCESSES}` : 'TOKENS DIFFER'}`,
      baseline: `one process refreshing: ${formatMs(loneMs)}`,
      ratio: ms / loneMs,
      goal: `< ${GOAL}×`,
      met: ms / loneMs < GOAL,
    },
  ];
}

function contextRow(crowdMs: number, loneMs: number): Row {
  return {
    figure: `3b. context: ${PROCESSES} processes, fresh token (no refresh)`,
    value: formatMs(crowdMs),
    baseline: `one process, fresh token: ${formatMs(loneMs)}`,
    ratio: crowdMs / loneMs,
    goal: '—',
  };
}

/** What the refresh adds on top of start-up: expired minus fresh, for 16 and for one. */
function refreshCostRow(crowdExtraMs: number, loneExtraMs: number): Row {
  return {
    figure: `3b. context: refresh cost, ${PROCESSES} processes (expired − fresh)`,
    value: formatMs(crowdExtraMs),
    baseline: `one process (expired − fresh): ${formatMs(loneExtraMs)}`,
    ratio: crowdExtraMs / loneExtraMs,
    goal: '—',
  };
}

function gatedRow(gated: Crowd): Row {
  const agree = gated.agreeing === PROCESSES ? 'same token in all' : 'TOKENS DIFFER';
  return {
    figure: `3b. all ${PROCESSES} wait at the lock first: token requests`,
    value:
      `${gated.requests}; ${gated.atLock}/${PROCESSES} at the lock; ${agree}; ` +
      `done ${formatMs(gated.wallMs)} after release`,
    baseline: '—',
    goal: '1',
    met: gated.requests === 1 && gated.agreeing === PROCESSES && gated.atLock === PROCESSES,
  };
}
