import { parseArgs } from 'node:util';
import { PeekabooUsageError } from '../errors.js';
import type { CommandSpec } from './command.js';
import { COMMANDS } from './commands/index.js';
import { renderCommandHelp, renderMainHelp } from './help.js';
import { Output, reportError } from './output.js';

declare const PEEKABOO_VERSION: string | undefined;

/** Runs the command line and returns the exit code: 0 ok, 1 reported failure, 2 usage. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [first, second] = argv;
  if (first === '--version' || first === '-v') {
    process.stdout.write(`${typeof PEEKABOO_VERSION === 'string' ? PEEKABOO_VERSION : 'dev'}\n`);
    return 0;
  }
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(renderMainHelp(COMMANDS));
    return first === undefined ? 2 : 0;
  }
  const command =
    COMMANDS.find((c) => c.name === `${first} ${second}`) ?? COMMANDS.find((c) => c.name === first);
  if (!command) {
    const group = COMMANDS.filter((c) => c.name.startsWith(`${first} `));
    if (group.length > 0 && (second === undefined || second === '--help' || second === '-h')) {
      process.stdout.write(renderMainHelp(group));
      return second === undefined ? 2 : 0;
    }
    const what = group.length > 0 ? `${first} ${second}` : first;
    process.stderr.write(`error: unknown command '${what}' (next: peekaboo --help)\n`);
    return 2;
  }
  const rest = argv.slice(command.name.split(' ').length);
  return runCommand(command, rest, env);
}

async function runCommand(command: CommandSpec, args: string[], env: NodeJS.ProcessEnv) {
  let output: Output | undefined;
  try {
    const parsed = parseCommandArgs(command, args);
    if (parsed.values.help) {
      process.stdout.write(renderCommandHelp(command));
      return 0;
    }
    output = new Output({ json: parsed.values.json === true, env });
    const module = await command.load();
    return await module.run({ ...parsed, output, env });
  } catch (error) {
    return reportError(error, output ?? new Output({ json: args.includes('--json'), env }));
  }
}

function parseCommandArgs(command: CommandSpec, args: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: attachValues(command, args),
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw usage(command, (error as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  const [min, max] = command.arity;
  const count = parsed.positionals.length;
  if (!parsed.values.help && (count < min || count > max)) {
    throw usage(command, count < min ? 'missing arguments' : 'too many arguments');
  }
  return parsed as { positionals: string[]; values: Record<string, string | boolean | undefined> };
}

/**
 * `--timeout -1` becomes `--timeout=-1`, so a value that starts with a dash reaches the
 * option's own check (and its clear message) instead of an "ambiguous" parse error.
 */
function attachValues(command: CommandSpec, args: string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const name = arg.startsWith('--') ? arg.slice(2) : '';
    const next = args[i + 1];
    if (command.options[name]?.type === 'string' && next !== undefined && next.startsWith('-')) {
      joined.push(`${arg}=${next}`);
      i++;
    } else joined.push(arg);
  }
  return joined;
}

function usage(command: CommandSpec, problem: string): PeekabooUsageError {
  return new PeekabooUsageError(`${problem}; usage: ${command.usage}`, {
    hint: `peekaboo ${command.name} --help`,
  });
}

// A reader that stops early (`peekaboo config show --json | head -1`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
