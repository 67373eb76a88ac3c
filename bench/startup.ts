import { FOUR_API_KEYS, openAiTokens, withBenchHome } from './lib/bench-home.js';
import type { Row } from './lib/report.js';
import { peakMemory, sampleRounds, type BenchResult } from './lib/sampling.js';
import type { MemoryProbe } from './lib/memory-probe.js';
import { peekaboo, plainNode, timeOk } from './lib/spawn.js';
import { formatMs, median } from './lib/stats.js';

const WARMUP_ROUNDS = 3;
const ROUNDS = 25;
const GOAL = 1.5;
const FRESH_TOKEN = 'at-bench-fresh';

/**
 * 1. Start-up: median wall time of three commands that need no network, each against
 * `node -e 0` started the same way in the same rounds.
 */
export async function benchStartup(probe: MemoryProbe): Promise<BenchResult> {
  return withBenchHome((keys) =>
    withBenchHome(async (oauth) => {
      await keys.writeCredentials(FOUR_API_KEYS);
      await oauth.writeCredentials(openAiTokens(FRESH_TOKEN, 'rt-bench-fresh', 3600));
      const baseline = plainNode('node -e 0', ['-e', '0']);
      const subjects = [
        peekaboo('peekaboo --version', ['--version'], { HOME: keys.home }),
        peekaboo('peekaboo config show --no-validate', ['config', 'show', '--no-validate'], {
          HOME: keys.home,
        }),
        peekaboo('peekaboo config token openai', ['config', 'token', 'openai'], {
          HOME: oauth.home,
        }),
      ];
      await checkOutputs(subjects);

      const samples = await sampleRounds([baseline, ...subjects], WARMUP_ROUNDS, ROUNDS);
      const base = median(samples.get(baseline.label) ?? []);
      const rows: Row[] = subjects.map((subject) => {
        const ms = median(samples.get(subject.label) ?? []);
        return {
          figure: `1. start-up: ${subject.label.replace('peekaboo ', '')}`,
          value: formatMs(ms),
          baseline: `node -e 0: ${formatMs(base)}`,
          ratio: ms / base,
          goal: `≤ ${GOAL}×`,
          met: ms / base <= GOAL,
        };
      });

      const peaks = [];
      for (const run of [baseline, ...subjects]) peaks.push(await peakMemory(run, probe));
      const notes = [
        `Start-up: median of ${ROUNDS} runs each after ${WARMUP_ROUNDS} warm-up rounds, ` +
          'runs interleaved; four API keys stored for config show, a token valid for an ' +
          'hour for config token.',
      ];
      return { rows, notes, peaks };
    }),
  );
}

/** A start-up figure is worth nothing if the command did not do its job. */
async function checkOutputs(subjects: ReturnType<typeof peekaboo>[]): Promise<void> {
  const [version, show, token] = await Promise.all(subjects.map((s) => timeOk(s)));
  if (!/^\d+\.\d+\.\d+/.test(version?.stdout ?? '')) throw new Error('--version printed nothing');
  const stored = (show?.stderr.match(/: stored/g) ?? []).length;
  if (stored !== 4) throw new Error(`config show listed ${stored} stored providers, not 4`);
  if (token?.stdout !== `${FRESH_TOKEN}\n`) throw new Error('config token printed another token');
}
