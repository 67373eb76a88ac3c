import { PeekabooUsageError } from '../errors.js';
import { LINE_BREAK_OR_NUL } from '../store/values.js';

const MAX_SECRET_BYTES = 64 * 1024;

/**
 * Reads a secret: the argument when one was given (other than `-`), else stdin when it is
 * `-` or stdin is not a terminal, else a hidden prompt on the terminal.
 * Throws `PeekabooUsageError` for an empty secret or one with a line break or NUL.
 */
export async function readSecret(argument: string | undefined, prompt: string): Promise<string> {
  let raw: string;
  if (argument !== undefined && argument !== '-') raw = argument;
  else if (argument === '-' || !process.stdin.isTTY) raw = stripFinalNewline(await readStdin());
  else raw = await promptHidden(prompt);
  return checkSecret(raw);
}

function checkSecret(raw: string): string {
  const secret = raw.trim();
  if (secret === '') throw new PeekabooUsageError('the secret is empty');
  if (LINE_BREAK_OR_NUL.test(secret)) {
    throw new PeekabooUsageError('the secret contains a line break or NUL character');
  }
  // An arrow key at the hidden prompt types an escape sequence nobody meant to store.
  // eslint-disable-next-line no-control-regex -- control characters are what it looks for
  if (/[\u0001-\u001f\u007f]/.test(secret)) {
    throw new PeekabooUsageError('the secret contains a control character (a stray key press?)');
  }
  if (Buffer.byteLength(secret) > MAX_SECRET_BYTES) {
    throw new PeekabooUsageError(`the secret is longer than ${MAX_SECRET_BYTES / 1024} KiB`);
  }
  return secret;
}

/** Reads stdin to its end, refusing more than a secret could ever need. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.byteLength;
    if (size > MAX_SECRET_BYTES + 2) {
      process.stdin.destroy();
      throw new PeekabooUsageError(`the secret is longer than ${MAX_SECRET_BYTES / 1024} KiB`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function stripFinalNewline(text: string): string {
  return text.replace(/\r?\n$/, '');
}

/** Reads one line from the terminal without echoing it; Enter or Ctrl-D ends it. */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  // Echo goes off before the prompt shows, so nothing typed after it can appear on screen.
  stdin.setRawMode(true);
  process.stderr.write(prompt);
  stdin.resume();
  stdin.setEncoding('utf8');
  let typed = '';
  return new Promise((resolve, reject) => {
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (data: string) => {
      for (const char of data) {
        // Raw mode turns Ctrl-D into a character instead of the end of input.
        if (char === '\r' || char === '\n' || char === '\u0004') return finish();
        if (char === '\u0003') return finish(new PeekabooUsageError('cancelled'));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    stdin.on('data', onData);
  });
}
