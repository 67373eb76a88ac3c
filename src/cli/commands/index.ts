import type { CommandSpec } from '../command.js';
import { JSON_OPTION, TIMEOUT_OPTION } from '../options.js';

const NO_VALIDATE = {
  'no-validate': { type: 'boolean', description: 'do not ask the provider' },
} as const;

/**
 * Every command with its help and flags. Each module loads only when its command runs,
 * so `--version` and `--help` never load the network or OAuth code.
 */
export const COMMANDS: CommandSpec[] = [
  {
    name: 'config add',
    summary: 'store an API key and check it with the provider',
    usage: 'peekaboo config add <provider> [secret|-] [--timeout N] [--no-validate] [--json]',
    arity: [1, 2],
    options: { ...TIMEOUT_OPTION, ...NO_VALIDATE, ...JSON_OPTION },
    description:
      'Providers: openai, anthropic, grok (xai), gemini (google).\n' +
      'The secret comes from the argument, from stdin when it is "-" or stdin is not a\n' +
      'terminal, or else from a hidden prompt. Stdin and the prompt keep the key out of\n' +
      'your shell history and the process list; prefer them to the argument.\n' +
      'The key is stored even when the provider rejects it (exit 1 then).',
    examples: [
      'peekaboo config add openai              # asks for the key, hidden',
      'pbpaste | peekaboo config add anthropic  # key from stdin',
      'peekaboo config add gemini - --no-validate < key.txt',
    ],
    load: () => import('./config-add.js'),
  },
  {
    name: 'config show',
    summary: 'show, provider by provider, what is ready, failing or missing',
    usage: 'peekaboo config show [--timeout N] [--no-validate] [--verbose] [--json]',
    arity: [0, 0],
    options: {
      ...TIMEOUT_OPTION,
      ...NO_VALIDATE,
      verbose: { type: 'boolean', description: "add each provider's full error" },
      ...JSON_OPTION,
    },
    description:
      'Checks every stored credential with its provider at once (a free model listing)\n' +
      'and exits 1 when any of them fails or times out.',
    examples: [
      'peekaboo config show',
      'peekaboo config show --no-validate',
      'peekaboo config show --json | jq .providers',
    ],
    load: () => import('./config-show.js'),
  },
  {
    name: 'config edit',
    summary: 'open the credentials file in your editor',
    usage: 'peekaboo config edit [--print-path] [--json]',
    arity: [0, 0],
    options: {
      'print-path': { type: 'boolean', description: 'print the file path and exit' },
      ...JSON_OPTION,
    },
    description:
      'Uses $VISUAL, else $EDITOR, else vi. Creates the file (mode 0600) when absent,\n' +
      'applies 0600 again afterwards and reports lines it cannot read.',
    examples: [
      'peekaboo config edit',
      'EDITOR=nano peekaboo config edit',
      'peekaboo config edit --print-path',
    ],
    load: () => import('./config-edit.js'),
  },
  {
    name: 'config remove',
    summary: "remove a provider's API key from the credentials file",
    usage: 'peekaboo config remove <provider> [--json]',
    arity: [1, 1],
    options: { ...JSON_OPTION },
    description: "OAuth tokens stay; 'peekaboo config logout <provider>' removes those.",
    examples: ['peekaboo config remove grok'],
    load: () => import('./config-remove.js'),
  },
  {
    name: 'config login',
    summary: 'sign in with OAuth to OpenAI/Codex or Anthropic Claude Pro/Max',
    usage: 'peekaboo config login <openai|anthropic> [--no-browser] [--timeout N] [--json]',
    arity: [1, 1],
    options: {
      'no-browser': { type: 'boolean', description: 'print the URL only; do not open a browser' },
      ...TIMEOUT_OPTION,
      ...JSON_OPTION,
    },
    description:
      'Prints the sign-in URL and opens it in a browser ($BROWSER is honoured). Sign in, then\n' +
      'either let the browser come back (OpenAI) or paste the code or the URL you land on.\n' +
      'Over SSH or without a browser, open the URL on any device and paste the code back.',
    examples: [
      'peekaboo config login openai',
      'peekaboo config login anthropic --no-browser',
    ],
    load: () => import('./config-login.js'),
  },
  {
    name: 'config logout',
    summary: 'remove OAuth tokens and revoke them at the provider',
    usage: 'peekaboo config logout <openai|anthropic> [--timeout N] [--json]',
    arity: [1, 1],
    options: { ...TIMEOUT_OPTION, ...JSON_OPTION },
    description: "An API key stays; 'peekaboo config remove <provider>' removes that.",
    examples: ['peekaboo config logout anthropic'],
    load: () => import('./config-logout.js'),
  },
  {
    name: 'config token',
    summary: 'print the credential a request would use now, refreshed when needed',
    usage: 'peekaboo config token <provider> [--timeout N] [--json]',
    arity: [1, 1],
    options: { ...TIMEOUT_OPTION, ...JSON_OPTION },
    description:
      'The only command that prints a secret, for scripts. --json adds kind, source and expiry.',
    examples: [
      'curl -H "Authorization: Bearer $(peekaboo config token openai)" ...',
      'peekaboo config token anthropic --json',
    ],
    load: () => import('./config-token.js'),
  },
  {
    name: 'analyze',
    summary: 'ask a provider about an image and stream its answer',
    usage:
      'peekaboo analyze <image> [prompt] [--provider P] [--model M] [--timeout N] [--json]',
    arity: [1, 2],
    options: {
      provider: {
        type: 'string',
        valueName: 'P',
        description: 'anthropic, openai, gemini or grok (default: the first with a credential)',
      },
      model: { type: 'string', valueName: 'M', description: "the provider's model to use" },
      timeout: {
        type: 'string',
        valueName: 'N',
        description: 'seconds the provider may stay silent, before and during its answer (30)',
      },
      ...JSON_OPTION,
    },
    description:
      'Sends one PNG, JPEG, GIF or WebP image (told by its bytes) with the prompt (default:\n' +
      'describe the image) and prints the answer as it arrives. --json prints\n' +
      '{"provider","model","auth","text"} once the answer is complete.\n' +
      'Providers are tried in the order anthropic, openai, gemini, grok; the first with a\n' +
      'credential answers. Default models, replaced by --model or PEEKABOO_<P>_MODEL:\n' +
      '  anthropic  claude-sonnet-4-6           openai  gpt-5.4-mini\n' +
      '  gemini     gemini-flash-latest         grok    grok-4-1-fast-non-reasoning\n' +
      'Gemini takes no GIF, Grok only PNG and JPEG; sizes are checked before sending.',
    examples: [
      'peekaboo analyze screenshot.png',
      'peekaboo analyze chart.webp "What is the trend?" --provider gemini',
      'PEEKABOO_OPENAI_MODEL=gpt-5.5 peekaboo analyze photo.jpg --json | jq -r .text',
    ],
    load: () => import('./analyze.js'),
  },
];
