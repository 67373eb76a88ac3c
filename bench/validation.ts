import { providerBaseUrls, startFakeProvider } from '../test/fakes/provider-server.js';
import { FOUR_API_KEYS, withBenchHome } from './lib/bench-home.js';
import type { Row } from './lib/report.js';
import { peakMemory, sampleRounds, type BenchResult } from './lib/sampling.js';
import type { MemoryProbe } from './lib/memory-probe.js';
import { peekaboo, plainNode, timeOk } from './lib/spawn.js';
import { formatMs, median } from './lib/stats.js';

const LATENCY_MS = 300;
const WARMUP_ROUNDS = 2;
const ROUNDS = 20;
const GOAL = 1.2;

/** A Node process that starts, makes one request with fetch and reads the answer. */
const FETCH_PING =
  'const r = await fetch(process.env.BENCH_PING_URL); await r.text(); ' +
  'if (!r.ok) process.exit(1);';

/** The same with node:http, which does not load undici: shows what fetch itself costs. */
const HTTP_PING =
  "const { get } = await import('node:http'); " +
  'await new Promise((ok, fail) => get(process.env.BENCH_PING_URL, (r) => ' +
  '{ r.resume(); r.on("end", ok); }).on("error", fail));';

const VALIDATION_ROUTES = [
  '/openai/models',
  '/anthropic/v1/models',
  '/xai/models',
  '/gemini/models',
];

/**
 * 2. Concurrent validation: `config show` checking four providers whose fake API answers
 * after 300 ms, against a Node process that fetches one 300 ms route of the same server.
 */
export async function benchValidation(probe: MemoryProbe): Promise<BenchResult> {
  const server = await startFakeProvider();
  try {
    for (const path of [...VALIDATION_ROUTES, '/ping']) {
      server.route('GET', path, () => ({ body: { data: [] }, delayMs: LATENCY_MS }));
    }
    return await withBenchHome(async (home) => {
      await home.writeCredentials(FOUR_API_KEYS);
      const ping = { BENCH_PING_URL: `${server.url}/ping` };
      const esm = (script: string) => ['--input-type=module', '-e', script];
      const fetchPing = plainNode('node + one fetch', esm(FETCH_PING), ping);
      const httpPing = plainNode('node + one http.get', esm(HTTP_PING), ping);
      const subject = peekaboo('peekaboo config show', ['config', 'show'], {
        HOME: home.home,
        ...providerBaseUrls(server),
      });
      const check = await timeOk(subject);
      const ready = (check.stderr.match(/ready \(validated\)/g) ?? []).length;
      if (ready !== 4) throw new Error(`config show validated ${ready} providers, not 4`);

      const samples = await sampleRounds([fetchPing, httpPing, subject], WARMUP_ROUNDS, ROUNDS);
      if (server.unexpected.length > 0) throw new Error('an unplanned request reached the server');
      const at = (label: string) => median(samples.get(label) ?? []);
      const peaks = [];
      for (const run of [subject, fetchPing, httpPing]) peaks.push(await peakMemory(run, probe));
      return {
        rows: rows(at(subject.label), at(fetchPing.label), at(httpPing.label)),
        notes: [
          `Validation: median of ${ROUNDS} interleaved runs after ${WARMUP_ROUNDS} warm-up ` +
            'rounds. The baseline is `node --input-type=module -e "await fetch(...)"` ' +
            'against a 300 ms route of the same fake server: Node start-up, fetch set-up and ' +
            'one round trip. The context row swaps fetch for node:http.',
        ],
        peaks: peaks.map((p, i) => (i === 0 ? p : { ...p, context: true })),
      };
    });
  } finally {
    await server.close();
  }
}

function rows(ms: number, fetchMs: number, httpMs: number): Row[] {
  const figure = `2. validation: config show, 4 providers at ${LATENCY_MS} ms`;
  return [
    {
      figure,
      value: formatMs(ms),
      baseline: `node + one fetch: ${formatMs(fetchMs)}`,
      ratio: ms / fetchMs,
      goal: `≤ ${GOAL}×`,
      met: ms / fetchMs <= GOAL,
    },
    {
      figure: '2. context: the same against node:http',
      value: formatMs(ms),
      baseline: `node + one http.get: ${formatMs(httpMs)}`,
      ratio: ms / httpMs,
      goal: '—',
    },
  ];
}
