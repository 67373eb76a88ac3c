// A process that uses the built library the way an application does, for the fault tests.
// It reports progress on stdout (a pipe, which Node writes synchronously on Linux), so the
// parent knows which writes completed before it killed this process.
//
//   generations --path P --from N      writes generation N, N+1, ... until killed
//   set --path P --key K --value V     one write; with --hold-ms it keeps the lock that
//       [--name X --events F]          long first, with --events it records what happened
//       [--hold-ms MS] [--wait-for-go] and with --wait-for-go it starts on a stdin line
import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { CredentialStore } from '../../../dist/index.js';
import { generationChanges } from './generation.mjs';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    path: { type: 'string' },
    from: { type: 'string' },
    key: { type: 'string' },
    value: { type: 'string' },
    name: { type: 'string', default: 'child' },
    events: { type: 'string' },
    'hold-ms': { type: 'string', default: '0' },
    'wait-for-go': { type: 'boolean', default: false },
  },
});
const store = new CredentialStore({ path: values.path });

function say(line) {
  process.stdout.write(`${line}\n`);
}

function record(event) {
  if (values.events) appendFileSync(values.events, `${values.name} ${event}\n`);
}

if (positionals[0] === 'generations') {
  say('ready');
  for (let n = Number(values.from); ; n++) {
    await store.write(generationChanges(n));
    say(`done ${n}`);
  }
} else if (positionals[0] === 'set') {
  if (values['wait-for-go']) {
    say('ready');
    // Ends with the parent: a closed stdin without a line means the test gave up.
    const go = await new Promise((resolve) => {
      process.stdin.once('data', () => resolve(true)).once('end', () => resolve(false));
    });
    if (!go) process.exit(1);
  }
  record('started');
  say('started');
  await store.update(async (current) => {
    const seen = [...current.keys()].sort().join(',');
    record(`locked, saw ${seen || 'nothing'}`);
    say('locked');
    await sleep(Number(values['hold-ms']));
    record('writing');
    return { [values.key]: values.value };
  });
  record('done');
  process.exit(0);
} else {
  throw new Error(`unknown mode ${positionals[0]}`);
}
