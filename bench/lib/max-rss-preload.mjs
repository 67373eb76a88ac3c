// Loaded with `node --import` by the bench when GNU time is missing: prints the process's
// peak resident set size (KiB) on stderr as it exits. writeSync, because an exit handler
// cannot wait for an asynchronous write to a pipe.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\nPEEKABOO_BENCH_MAX_RSS_KB=${process.resourceUsage().maxRSS}\n`);
});
