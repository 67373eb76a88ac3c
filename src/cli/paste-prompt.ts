import { createInterface } from 'node:readline';

/**
 * Reads the pasted code: a prompt on a terminal, else the first line of stdin.
 * Resolves `undefined` when stdin ends without a line, or when `signal` aborts.
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
      lines.close();
      // Let the process exit even though stdin was being read.
      process.stdin.unref?.();
      resolve(line);
    };
    const onAbort = () => finish(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    lines.once('line', (line) => finish(line));
    lines.once('close', () => finish(undefined));
    if (terminal) process.stderr.write(prompt);
  });
}
