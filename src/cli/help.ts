import type { CommandSpec } from './command.js';

/** `peekaboo --help`: every command, one line each. */
export function renderMainHelp(commands: readonly CommandSpec[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  peekaboo ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'peekaboo: sign in to AI providers and keep their credentials in one private file.',
    '',
    'Usage:',
    ...lines,
    '',
    '  peekaboo --version',
    '  peekaboo <command> --help   help and examples for one command',
    '',
    'Credentials: ~/.peekaboo/credentials (or $PEEKABOO_CONFIG_DIR/credentials), mode 0600.',
    '',
  ].join('\n');
}

/** `peekaboo <command> --help`: usage, description, flags and examples. */
export function renderCommandHelp(command: CommandSpec): string {
  const flags = Object.entries(command.options).map(([name, spec]) => {
    const value = spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : '';
    return `  --${name}${value}`.padEnd(20) + `  ${spec.description}`;
  });
  flags.push('  --help'.padEnd(20) + '  show this help');
  return [
    `peekaboo ${command.name}: ${command.summary}`,
    '',
    `Usage: ${command.usage}`,
    ...(command.description ? ['', command.description] : []),
    '',
    'Flags:',
    ...flags,
    '',
    'Examples:',
    ...command.examples.map((e) => `  ${e}`),
    '',
  ].join('\n');
}
