import type { Row } from './report.js';
import type { MemoryProbe } from './memory-probe.js';
import { timeOk, type NodeRun } from './spawn.js';

/** What each benchmark hands back to bench/run.ts. */
export interface BenchResult {
  rows: Row[];
  notes: string[];
  /** Peak memory of the commands it ran, for the memory rows. */
  peaks: Peak[];
}

export interface Peak {
  command: string;
  maxRssKb: number;
  /** A baseline shown for comparison, not one of our commands (no goal). */
  context?: boolean;
}

/**
 * Wall times of each run over `rounds` rounds after `warmup` unmeasured ones. The runs take
 * turns inside a round, starting one later each round, so a slow spell of the machine
 * (another job, a CPU frequency step) lands on every run alike instead of on one of them.
 */
export async function sampleRounds(
  runs: readonly NodeRun[],
  warmup: number,
  rounds: number,
): Promise<Map<string, number[]>> {
  const samples = new Map<string, number[]>(runs.map((r) => [r.label, []]));
  for (let round = 0; round < warmup + rounds; round++) {
    for (let i = 0; i < runs.length; i++) {
      const run = runs[(round + i) % runs.length] as NodeRun;
      const { wallMs } = await timeOk(run);
      if (round >= warmup) samples.get(run.label)?.push(wallMs);
    }
  }
  return samples;
}

/** How many times each command runs under the memory probe; the highest peak counts. */
export const MEMORY_RUNS = 5;

/** The highest peak RSS of `MEMORY_RUNS` runs, each prepared by `before` when given. */
export async function peakMemory(
  run: NodeRun,
  probe: MemoryProbe,
  before?: () => Promise<void>,
): Promise<Peak> {
  let maxRssKb = 0;
  for (let i = 0; i < MEMORY_RUNS; i++) {
    await before?.();
    const result = await timeOk(run, probe);
    maxRssKb = Math.max(maxRssKb, result.maxRssKb ?? 0);
  }
  return { command: run.label, maxRssKb };
}
