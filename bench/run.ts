// `npm run bench`: measures start-up, concurrent validation, refresh fan-in, credential
// lookup and peak memory in one run, prints each figure against a baseline from the same
// run, and rewrites the figures section of docs/benchmarks.md (skip with --no-docs).
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchFanInProcess } from './fan-in-process.js';
import { benchFanInProcesses } from './fan-in-processes.js';
import { describeMachine } from './lib/machine.js';
import {
  renderMarkdown,
  renderText,
  writeFiguresSection,
  type Report,
  type Row,
} from './lib/report.js';
import { MEMORY_RUNS, type BenchResult, type Peak } from './lib/sampling.js';
import { chooseMemoryProbe } from './lib/memory-probe.js';
import { useCliSnapshot } from './lib/spawn.js';
import { formatKb, toMegabytes } from './lib/stats.js';
import { benchLookup } from './lookup.js';
import { benchStartup } from './startup.js';
import { benchValidation } from './validation.js';

const DOCS = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));
const MEMORY_GOAL_MB = 80;

async function main(): Promise<void> {
  const machine = describeMachine();
  const probe = chooseMemoryProbe();
  const steps: Array<[string, () => Promise<BenchResult>]> = [
    ['start-up', () => benchStartup(probe)],
    ['concurrent validation', () => benchValidation(probe)],
    ['refresh fan-in, one process', () => benchFanInProcess()],
    ['refresh fan-in, 16 processes', () => benchFanInProcesses(probe)],
    ['credential lookup', () => benchLookup()],
  ];
  const loadBefore = loadavg()[0] ?? 0;
  const results: BenchResult[] = [];
  const removeSnapshot = await useCliSnapshot();
  try {
    for (const [name, step] of steps) {
      process.stderr.write(`bench: ${name}...\n`);
      results.push(await step());
    }
  } finally {
    await removeSnapshot();
  }

  const peaks = results.flatMap((r) => r.peaks);
  const report: Report = {
    machine,
    rows: [...results.flatMap((r) => r.rows), ...memoryRows(peaks)],
    notes: [
      ...results.flatMap((r) => r.notes),
      `Peak memory: highest of ${MEMORY_RUNS} runs per command, read with ${probe.method}.`,
      // Other work on the machine slows every run; the load shows whether there was any.
      `Load average (1 min): ${loadBefore.toFixed(2)} before the run, ` +
        `${(loadavg()[0] ?? 0).toFixed(2)} after.`,
    ],
  };
  process.stdout.write(`\n${renderText(report)}`);
  if (!process.argv.includes('--no-docs')) {
    await writeFiguresSection(DOCS, renderMarkdown(report));
    process.stderr.write(`bench: figures written to ${DOCS}\n`);
  }
}

function memoryRows(peaks: Peak[]): Row[] {
  const base = peaks.find((p) => p.command === 'node -e 0');
  // Our commands first, then the baselines shown for comparison.
  const ordered = [...peaks.filter((p) => !p.context), ...peaks.filter((p) => p.context)];
  return ordered
    .filter((p) => p !== base)
    .map((p) => ({
      figure: `5. ${p.context ? 'context' : 'peak memory'}: ${p.command.replace('peekaboo ', '')}`,
      value: formatKb(p.maxRssKb),
      baseline: base ? `node -e 0: ${formatKb(base.maxRssKb)}` : '—',
      ratio: base ? p.maxRssKb / base.maxRssKb : undefined,
      goal: p.context ? '—' : `< ${MEMORY_GOAL_MB} MB`,
      met: p.context ? undefined : toMegabytes(p.maxRssKb) < MEMORY_GOAL_MB,
    }));
}

await main();
