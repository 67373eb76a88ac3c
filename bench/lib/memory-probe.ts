import { spawnSync } from 'node:child_process';

/** How the peak memory of a child is read: GNU time, or a preload that asks getrusage. */
export interface MemoryProbe {
  method: string;
  wrap(nodeArgs: string[]): [string, string[]];
  read(stderr: string): { maxRssKb: number; stderr: string };
}

const RSS_MARKER = 'PEEKABOO_BENCH_MAX_RSS_KB=';

/**
 * GNU `/usr/bin/time -f %M` when it exists (it reports the child's own getrusage peak and
 * adds nothing to the Node process); otherwise a `--import` preload that prints
 * `process.resourceUsage().maxRSS` at exit; the preload adds about 3 MB (the ESM loader)
 * to every figure, baseline included.
 */
export function chooseMemoryProbe(): MemoryProbe {
  const probe = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, '-e', '0'], {
    encoding: 'utf8',
  });
  if (probe.status === 0 && /^\d+\s*$/.test(probe.stderr ?? '')) {
    return {
      method: 'GNU /usr/bin/time -f %M (peak RSS of the node process)',
      wrap: (args) => ['/usr/bin/time', ['-f', `${RSS_MARKER}%M`, process.execPath, ...args]],
      read: readMarker,
    };
  }
  const preload = new URL('./max-rss-preload.mjs', import.meta.url).href;
  return {
    method: 'process.resourceUsage().maxRSS printed at exit by a --import preload',
    wrap: (args) => [process.execPath, ['--import', preload, ...args]],
    read: readMarker,
  };
}

function readMarker(stderr: string): { maxRssKb: number; stderr: string } {
  const at = stderr.lastIndexOf(RSS_MARKER);
  if (at < 0) throw new Error(`no peak memory figure in: ${stderr.slice(-300)}`);
  const maxRssKb = Number.parseInt(stderr.slice(at + RSS_MARKER.length), 10);
  return { maxRssKb, stderr: stderr.slice(0, at) };
}
