// Preloaded (`node --import`) into CLI processes that a test wants to begin at one moment.
// Each process says it is ready, then waits until the test opens the gate, so the slow
// part of starting Node is over for all of them before any begins its real work.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const dir = process.env.TEST_START_GATE_DIR;
if (dir) {
  writeFileSync(join(dir, `ready-${process.pid}`), '');
  while (!existsSync(join(dir, 'open'))) await sleep(2);
}
