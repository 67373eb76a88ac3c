import type { HostileCase } from './harness.js';

const SUPPORTED = 'supported: openai, anthropic, grok (xai), gemini (google)';
const TIMEOUT_REFUSAL =
  'error: --timeout takes a number of seconds greater than 0 and at most 3600';
const LINE_BREAK = 'error: the secret contains a line break or NUL character\n';

/** Provider names, secrets and `--timeout` values nobody should be able to slip through. */
export const ARGUMENT_CASES: HostileCase[] = [
  {
    name: 'an unknown provider is refused with the supported ones',
    args: ['config', 'add', 'mistral', '-'],
    input: 'sk-never-stored-0123456789',
    exit: 2,
    stderr: `error: unknown provider 'mistral'; ${SUPPORTED}\n`,
  },
  {
    name: 'an unknown provider in --json mode is one error document on stdout',
    args: ['config', 'token', 'mistral', '--json'],
    exit: 2,
    json: 'ERR_UNKNOWN_PROVIDER',
    stderr: `error: unknown provider 'mistral'; ${SUPPORTED}\n`,
  },
  {
    name: 'a provider name with a line break is echoed on one line',
    args: ['config', 'token', 'openai\nEVIL=1'],
    exit: 2,
    stderr: `error: unknown provider 'openai\\nEVIL=1'; ${SUPPORTED}\n`,
  },
  {
    name: 'a provider name with a terminal escape sequence is echoed inert',
    args: ['config', 'remove', '\u001b]0;pwned\u0007\u001b[2J'],
    exit: 2,
    stderr: `error: unknown provider '\\u001b]0;pwned\\u0007\\u001b[2J'; ${SUPPORTED}\n`,
  },
  {
    name: 'login to a provider without OAuth points to config add',
    args: ['config', 'login', 'gemini'],
    exit: 2,
    stderr:
      'error: Gemini has no OAuth login; store an API key instead ' +
      '(next: peekaboo config add gemini)\n',
  },
  {
    name: 'logout of a provider without OAuth points to config remove',
    args: ['config', 'logout', 'xai'],
    exit: 2,
    stderr:
      'error: Grok (xAI) has no OAuth login to log out of (next: peekaboo config remove grok)\n',
  },
  {
    name: 'an empty secret on stdin is refused',
    args: ['config', 'add', 'openai'],
    input: '',
    exit: 2,
    stderr: 'error: the secret is empty\n',
  },
  {
    name: 'a secret argument of spaces and tabs is refused as empty',
    args: ['config', 'add', 'anthropic', ' \t  '],
    exit: 2,
    stderr: 'error: the secret is empty\n',
  },
  {
    name: 'a secret of whitespace lines on stdin is refused as empty',
    args: ['config', 'add', 'grok', '-'],
    input: '  \n\t\n',
    exit: 2,
    stderr: 'error: the secret is empty\n',
  },
  {
    name: 'a secret with a newline that would add a key is refused',
    args: ['config', 'add', 'openai', '-', '--no-validate'],
    input: 'sk-first-half\nOPENAI_ACCESS_TOKEN=planted',
    exit: 2,
    stderr: LINE_BREAK,
  },
  {
    name: 'a secret argument with a carriage return is refused',
    args: ['config', 'add', 'gemini', 'AIza-first\rGEMINI_API_KEY=planted', '--no-validate'],
    exit: 2,
    stderr: LINE_BREAK,
  },
  {
    name: 'a secret with a NUL character on stdin is refused',
    args: ['config', 'add', 'anthropic', '--no-validate'],
    input: 'sk-ant-before\0after',
    exit: 2,
    stderr: LINE_BREAK,
  },
  {
    name: 'a secret argument with U+2028, a line break to the Swift reader, is refused',
    args: ['config', 'add', 'openai', 'sk-first\u2028OPENAI_ACCESS_TOKEN=planted'],
    exit: 2,
    stderr: LINE_BREAK,
  },
  {
    name: 'a secret with a vertical tab or NEL on stdin is refused',
    args: ['config', 'add', 'grok', '-', '--no-validate'],
    input: 'xai-first\u000bX_AI_API_KEY=planted\u0085tail',
    exit: 2,
    stderr: LINE_BREAK,
  },
  {
    name: 'a 1 MB secret on stdin is refused without being stored',
    args: ['config', 'add', 'openai', '-', '--no-validate'],
    input: 's'.repeat(1024 * 1024),
    exit: 2,
    stderr: 'error: the secret is longer than 64 KiB\n',
  },
  {
    name: 'a 100 KiB secret argument is refused without being stored',
    args: ['config', 'add', 'grok', 'x'.repeat(100 * 1024), '--no-validate'],
    exit: 2,
    stderr: 'error: the secret is longer than 64 KiB\n',
  },
  {
    name: '--timeout 0 is refused before a refresh is tried',
    args: ['config', 'token', 'openai', '--timeout', '0'],
    expiredTokens: true,
    exit: 2,
    stderr: `${TIMEOUT_REFUSAL} (got 0)\n`,
  },
  {
    name: '--timeout -1 is refused before a login starts',
    args: ['config', 'login', 'anthropic', '--timeout', '-1'],
    input: 'corpus-pasted-code-0123456789\n',
    exit: 2,
    stderr: `${TIMEOUT_REFUSAL} (got -1)\n`,
  },
  {
    name: '--timeout abc is refused before a logout removes anything',
    args: ['config', 'logout', 'openai', '--timeout', 'abc'],
    exit: 2,
    stderr: `${TIMEOUT_REFUSAL} (got abc)\n`,
  },
  {
    name: '--timeout abc is refused by analyze before the image is read',
    args: ['analyze', 'missing.png', '--timeout', 'abc'],
    exit: 2,
    stderr: `${TIMEOUT_REFUSAL} (got abc)\n`,
  },
  {
    name: '--timeout Infinity is refused by config show',
    args: ['config', 'show', '--timeout', 'Infinity'],
    exit: 2,
    stderr: `${TIMEOUT_REFUSAL} (got Infinity)\n`,
  },
  {
    name: 'a client id override with a space is refused',
    args: ['config', 'login', 'openai', '--no-browser'],
    env: { PEEKABOO_OPENAI_CLIENT_ID: 'app with space' },
    exit: 2,
    stderr:
      'error: PEEKABOO_OPENAI_CLIENT_ID must be a client id without spaces ' +
      '(next: unset PEEKABOO_OPENAI_CLIENT_ID)\n',
  },
  {
    name: 'a relative PEEKABOO_CONFIG_DIR is refused',
    args: ['config', 'token', 'openai'],
    env: { PEEKABOO_CONFIG_DIR: 'relative/dir' },
    exit: 2,
    stderr:
      'error: PEEKABOO_CONFIG_DIR must be an absolute path or start with ~/ (got relative/dir) ' +
      '(next: export PEEKABOO_CONFIG_DIR="$HOME/.peekaboo")\n',
  },
  {
    name: 'a relative HOME is refused instead of storing under the working directory',
    args: ['config', 'add', 'openai', '-', '--no-validate'],
    input: 'sk-never-stored-0123456789',
    env: { HOME: 'relative/home' },
    exit: 2,
    stderr:
      'error: HOME must be an absolute path (got relative/home) ' +
      '(next: set HOME to your home directory, or PEEKABOO_CONFIG_DIR to an absolute path)\n',
  },
];
