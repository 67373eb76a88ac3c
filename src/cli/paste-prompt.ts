import { createInterface } from 'node:readline';

/**
 * Reads the pasted code: a prompt on a terminal, else the first non-blank line of stdin.
 * Resolves `undefined` when stdin ends without such a line, or when `signal` aborts.
 * Ctrl-C at the prompt interrupts the process as it would anywhere else.
 */
export function readPastedLine(prompt: string, signal: AbortSignal): Promise<string | undefined> {
  const terminal = Boolean(process.stdin.isTTY);
  const lines = createInterface({
    input: process.stdin,
    output: terminal ? process.stderr : undefined,
    terminal,
  });
  return new Promise((resolve) => {
    let done = false;
    const finish = (line: string | undefined) => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', onAbort);
      // The browser may win while the prompt waits; what follows starts on a line of its own.
      if (terminal && line === undefined) process.stderr.write('\n');
      lines.close();
      // Let the process exit even though stdin was being read.
      process.stdin.unref?.();
      resolve(line);
    };
    const onAbort = () => finish(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    lines.on('line', (line) => {
      // Enter pressed while the browser is still on its way is not an answer.
      if (line.trim() !== '') finish(line);
      else if (terminal) process.stderr.write(prompt);
    });
    lines.once('close', () => finish(undefined));
    // The terminal is in raw mode while readline reads it, so Ctrl-C arrives here as a key
    // instead of a signal; without this the login would go on waiting for the browser.
    lines.once('SIGINT', () => {
      finish(undefined);
      process.kill(process.pid, 'SIGINT');
    });
    if (terminal) process.stderr.write(prompt);
  });
}
