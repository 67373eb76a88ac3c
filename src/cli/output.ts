import { PeekabooError, PeekabooUsageError } from '../errors.js';

/**
 * The terminal side of a command: human text and prompts go to stderr, results to stdout,
 * and with `--json` stdout carries exactly one JSON document.
 */
export class Output {
  readonly json: boolean;
  private readonly color: boolean;

  constructor(options: { json: boolean; env?: NodeJS.ProcessEnv }) {
    const env = options.env ?? process.env;
    this.json = options.json;
    // no-color.org: a NO_COLOR that is present and not empty turns colour off.
    const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
    this.color = Boolean(process.stderr.isTTY) && !noColor && env.TERM !== 'dumb';
  }

  /** A line of human text on stderr. */
  say(line: string): void {
    process.stderr.write(`${line}\n`);
  }

  ok(line: string): void {
    this.say(`${this.paint('32', '[ok]')} ${line}`);
  }

  warn(line: string): void {
    this.say(`${this.paint('33', '[warn]')} ${line}`);
  }

  /** The command's JSON result on stdout; call once. */
  result(document: unknown): void {
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  }

  /** Raw text on stdout, for commands whose job is to print a value. */
  stdout(text: string): void {
    process.stdout.write(text);
  }

  paint(code: string, text: string): string {
    return this.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  }
}

/** Prints an error as one line (plus a JSON document with `--json`) and returns the exit code. */
export function reportError(error: unknown, output: Output | undefined): number {
  if (!(error instanceof PeekabooError)) {
    // A bug, not a user mistake: keep the stack trace.
    process.stderr.write(`peekaboo: unexpected error\n${(error as Error)?.stack ?? error}\n`);
    return 1;
  }
  const hint = error.hint ? ` (next: ${inert(error.hint)})` : '';
  process.stderr.write(`error: ${inert(error.message)}${hint}\n`);
  if (output?.json) {
    output.result({ error: { code: error.code, message: error.message, hint: error.hint } });
  }
  return error instanceof PeekabooUsageError ? 2 : 1;
}

/**
 * Messages echo what a person typed (a provider name, a file name): control characters are
 * shown as escapes, so the error stays one line and cannot drive the terminal.
 */
function inert(text: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
