import type { Output } from './output.js';

/** Option definitions in the shape `node:util` `parseArgs` takes. */
export type OptionSpec = Record<
  string,
  { type: 'string' | 'boolean'; short?: string; description: string; valueName?: string }
>;

/** What a command's `run` receives once its arguments parsed. */
export interface CommandContext {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
  output: Output;
  env: NodeJS.ProcessEnv;
}

/** A command's module, loaded only when that command runs. */
export interface CommandModule {
  run(context: CommandContext): Promise<number>;
}

/** A command as the entry point knows it, before its module loads. */
export interface CommandSpec {
  /** `config add`, `analyze`, ... */
  name: string;
  summary: string;
  usage: string;
  /** Positionals allowed: [min, max]. */
  arity: [number, number];
  options: OptionSpec;
  description?: string;
  examples: string[];
  load(): Promise<CommandModule>;
}
