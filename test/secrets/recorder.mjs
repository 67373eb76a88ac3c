// Stands in for $BROWSER, $EDITOR and xdg-open in the no-spill suite. Appends to $SPAWN_LOG
// one JSON line with how it was started: its argv, its own /proc/self/cmdline, and its
// parent's (the /bin/sh that peekaboo started, or peekaboo itself). As a browser it then
// follows the URL to the callback server, the way a real one would, and logs the page.
//
// Usage: node recorder.mjs <editor|browser|browser-wrong-state|xdg-open> [args...]
import { appendFileSync, readFileSync } from 'node:fs';

const [role = 'unknown', ...rest] = process.argv.slice(2);
const log = (entry) => appendFileSync(process.env.SPAWN_LOG ?? '', `${JSON.stringify(entry)}\n`);
const cmdline = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').filter((a) => a);
  } catch {
    return [];
  }
};

log({ role, argv: process.argv, self: cmdline('self'), parent: cmdline(process.ppid) });

try {
  if (role.startsWith('browser') || role === 'xdg-open') {
    const authorize = await fetch(rest.at(-1) ?? '', { redirect: 'manual' });
    const target = authorize.headers.get('location');
    if (target) {
      const callback = new URL(target);
      if (role === 'browser-wrong-state') callback.searchParams.set('state', 'not-this-login');
      const page = await fetch(callback);
      log({ role: 'page', status: page.status, body: await page.text() });
    }
  }
} finally {
  // The test waits for this line: a browser outlives the CLI that started it.
  log({ role: 'done' });
}
