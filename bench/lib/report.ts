import { readFile, writeFile } from 'node:fs/promises';
import type { Machine } from './machine.js';

/** One line of the results: a figure against its same-run baseline and its goal. */
export interface Row {
  figure: string;
  value: string;
  baseline: string;
  /** value / baseline, when both are times or sizes. */
  ratio?: number;
  goal: string;
  /** `undefined` for context rows that have no goal. */
  met?: boolean;
}

/** Everything one bench run measured, in the order it is printed. */
export interface Report {
  machine: Machine;
  rows: Row[];
  notes: string[];
}

const HEADERS = ['figure', 'value', 'baseline', 'ratio', 'goal', 'met?'];

function cells(row: Row): string[] {
  const ratio = row.ratio === undefined ? '—' : `${row.ratio.toFixed(2)}×`;
  const met = row.met === undefined ? '—' : row.met ? 'yes' : 'NO';
  return [row.figure, row.value, row.baseline, ratio, row.goal, met];
}

function machineLine(m: Machine): string {
  return `${m.date} · ${m.cpu}, ${m.cores} cores · Node ${m.node} · ${m.os}`;
}

/** A plain-text table with padded columns, for the terminal. */
export function renderText(report: Report): string {
  const rows = [HEADERS, ...report.rows.map(cells)];
  const widths = HEADERS.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const body = [line(HEADERS), rule, ...report.rows.map((r) => line(cells(r)))];
  const notes = report.notes.map((n) => `- ${n}`);
  return [machineLine(report.machine), '', ...body, '', ...notes, ''].join('\n');
}

/** The same figures as a Markdown section. */
export function renderMarkdown(report: Report): string {
  const escape = (c: string) => c.replaceAll('|', '\\|');
  const row = (r: string[]) => `| ${r.map(escape).join(' | ')} |`;
  return [
    `Measured ${machineLine(report.machine)}.`,
    '',
    row(HEADERS),
    row(HEADERS.map(() => '---')),
    ...report.rows.map((r) => row(cells(r))),
    '',
    ...report.notes.map((n) => `- ${n}`),
  ].join('\n');
}

export const FIGURES_START = '<!-- figures:start (written by npm run bench) -->';
export const FIGURES_END = '<!-- figures:end -->';

/**
 * Replaces the figures section of the benchmarks page, keeping the hand-written text
 * around it; appends the section when the markers are missing.
 */
export async function writeFiguresSection(path: string, markdown: string): Promise<void> {
  const text = await readFile(path, 'utf8').catch(() => '# Benchmarks\n');
  const section = `${FIGURES_START}\n${markdown}\n${FIGURES_END}`;
  const start = text.indexOf(FIGURES_START);
  const end = text.indexOf(FIGURES_END);
  const next =
    start >= 0 && end > start
      ? text.slice(0, start) + section + text.slice(end + FIGURES_END.length)
      : `${text.trimEnd()}\n\n${section}\n`;
  await writeFile(path, next);
}
