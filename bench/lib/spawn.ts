import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { MemoryProbe } from './memory-probe.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
let cliBin = join(REPO_ROOT, 'bin', 'peekaboo.js');

/**
 * Copies bin/, dist/ and package.json to a temporary directory and runs the CLI from there
 * for the rest of the bench. A build (`npm test` runs one) deletes and rewrites dist/ with
 * new chunk names, so a bench running from dist/ itself would fail midway whenever someone
 * builds in the same work tree. Returns the cleanup.
 */
export async function useCliSnapshot(): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'peekaboo-bench-cli-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    for (const entry of ['bin', 'dist', 'package.json']) {
      await cp(join(REPO_ROOT, entry), join(dir, entry), { recursive: true });
    }
  } catch (error) {
    await cleanup();
    throw error;
  }
  cliBin = join(dir, 'bin', 'peekaboo.js');
  return cleanup;
}

/** Kills a child that runs longer than this, so a hung command cannot hang the bench. */
const CHILD_TIMEOUT_MS = 30_000;

/** `node <args>`, as the bench starts it: the same way for subjects and baselines. */
export interface NodeRun {
  label: string;
  args: string[];
  env: Record<string, string>;
}

export interface RunResult {
  wallMs: number;
  code: number | null;
  stdout: string;
  stderr: string;
  /** Peak resident set size in KiB, when the run was measured for memory. */
  maxRssKb?: number;
}

/** `node bin/peekaboo.js <args>` with only PATH, NO_COLOR and `env` in its environment. */
export function peekaboo(label: string, args: string[], env: Record<string, string>): NodeRun {
  return { label, args: [cliBin, ...args], env: isolatedEnv(env) };
}

/** `node <args>` with the same isolated environment. */
export function plainNode(label: string, args: string[], env: Record<string, string> = {}) {
  return { label, args, env: isolatedEnv(env) };
}

function isolatedEnv(extra: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...extra };
}

/**
 * Spawns the run and resolves when it has exited and closed its output. Wall time runs from
 * just before spawn(2) to the close event, so it includes process creation as a user sees it.
 */
export function timeRun(run: NodeRun, memory?: MemoryProbe): Promise<RunResult> {
  const [command, args] = memory ? memory.wrap(run.args) : [process.execPath, run.args];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env: run.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      clearTimeout(timer);
      const result: RunResult = { wallMs, code, stdout, stderr };
      if (memory) Object.assign(result, memory.read(stderr));
      resolve(result);
    });
  });
}

/** Like `timeRun`, and throws with the command's stderr when it did not exit 0. */
export async function timeOk(run: NodeRun, memory?: MemoryProbe): Promise<RunResult> {
  const result = await timeRun(run, memory);
  if (result.code !== 0) {
    throw new Error(`${run.label} exited ${result.code}: ${result.stderr.trim().slice(0, 500)}`);
  }
  return result;
}
