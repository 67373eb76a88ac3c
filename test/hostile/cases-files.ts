import { execFileSync } from 'node:child_process';
import { chmod, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GIF_BYTES, PNG_BYTES } from '../fakes/provider-answers.js';
import type { CaseContext, HostileCase } from './harness.js';

const MISSING_EVERYWHERE =
  'OpenAI: missing · add one: peekaboo config add openai\n' +
  'Anthropic: missing · add one: peekaboo config add anthropic\n' +
  'Grok (xAI): missing · add one: peekaboo config add grok\n' +
  'Gemini: missing · add one: peekaboo config add gemini\n';

async function replaceWithDirectory(ctx: CaseContext): Promise<void> {
  await rm(ctx.credentialsPath);
  await mkdir(ctx.credentialsPath, { mode: 0o700 });
  await writeFile(join(ctx.credentialsPath, 'notes'), 'a file inside the directory\n');
}

async function makeUnreadable(ctx: CaseContext): Promise<void> {
  await chmod(ctx.credentialsPath, 0o000);
}

async function replaceWithPipe(ctx: CaseContext): Promise<void> {
  await rm(ctx.credentialsPath);
  execFileSync('mkfifo', ['-m', '600', ctx.credentialsPath]);
}

/**
 * A link to a null device of the case's own (dotfile managers point files at /dev/null).
 * A write through it would rename a regular file over the device: over /dev/null, as root.
 */
async function linkToNullDevice(ctx: CaseContext): Promise<void> {
  await rm(ctx.credentialsPath);
  const device = join(ctx.home, 'null-device');
  try {
    execFileSync('mknod', [device, 'c', '1', '3'], { stdio: 'ignore' });
  } catch {
    // Without the right to make devices, a named pipe is the same kind of non-file.
    execFileSync('mkfifo', [device]);
  }
  await symlink(device, ctx.credentialsPath);
}

async function replaceWithLoop(ctx: CaseContext): Promise<void> {
  await rm(ctx.credentialsPath);
  await symlink('credentials', ctx.credentialsPath);
}

/** Lines no reader can make sense of, and a few that look almost right. */
const MALFORMED =
  '# a file somebody mangled\n' +
  'no equals sign on this line\n' +
  '=a value without a key\n' +
  'BAD KEY=a key with a space\n' +
  'export GEMINI_API_KEY=shell-syntax\n' +
  'GEMINI_API_KEY\n' +
  '\u0000\u0001\u00ff binary junk\n' +
  `${'x'.repeat(5000)}\n` +
  '\r\n';

async function writeMalformed(ctx: CaseContext): Promise<void> {
  await writeFile(ctx.credentialsPath, MALFORMED, { mode: 0o600 });
}

const isDirectory = (path: string, next: string) =>
  `error: the credentials file ${path} is a directory, not a file (next: ${next})\n`;
const cannotRead = (path: string, why: string) =>
  `error: the credentials file ${path} cannot be read (${why}) ` +
  `(next: fix or move ${path}, then run 'peekaboo config show')\n`;
const showAgain = (path: string) => `fix or move ${path}, then run 'peekaboo config show'`;
const notRegular = (path: string) =>
  `error: the credentials file ${path} is not a regular file (next: ${showAgain(path)})\n`;

/** A credentials file that is a directory, unreadable, a pipe, a loop, or garbage. */
const credentialsFileCases: HostileCase[] = [
  {
    name: 'a directory at the credentials path: add fails without writing',
    args: ['config', 'add', 'openai', '-', '--no-validate'],
    input: 'sk-never-stored-0123456789',
    setup: replaceWithDirectory,
    exit: 1,
    stderr: (ctx) => isDirectory(ctx.credentialsPath, showAgain(ctx.credentialsPath)),
  },
  {
    name: 'a directory at the credentials path: token fails with one line',
    args: ['config', 'token', 'openai'],
    setup: replaceWithDirectory,
    exit: 1,
    stderr: (ctx) => isDirectory(ctx.credentialsPath, showAgain(ctx.credentialsPath)),
  },
  {
    name: 'a directory at the credentials path: edit never hands it to the editor',
    args: ['config', 'edit'],
    env: { EDITOR: 'false' },
    setup: replaceWithDirectory,
    exit: 1,
    stderr: (ctx) =>
      isDirectory(
        ctx.credentialsPath,
        `move ${ctx.credentialsPath} away, then run 'peekaboo config edit'`,
      ),
  },
  {
    name: 'a directory at the credentials path: logout removes and revokes nothing',
    args: ['config', 'logout', 'openai'],
    setup: replaceWithDirectory,
    exit: 1,
    stderr: (ctx) => isDirectory(ctx.credentialsPath, showAgain(ctx.credentialsPath)),
  },
  {
    name: 'an unreadable file (mode 000, not root): token says permission denied',
    args: ['config', 'token', 'openai'],
    setup: makeUnreadable,
    asNobody: true,
    exit: 1,
    stderr: (ctx) => cannotRead(ctx.credentialsPath, 'permission denied'),
  },
  {
    name: 'an unreadable file (mode 000, not root): add stores nothing',
    args: ['config', 'add', 'grok', '-', '--no-validate'],
    input: 'xai-never-stored-0123456789',
    setup: makeUnreadable,
    asNobody: true,
    exit: 1,
    stderr: (ctx) => cannotRead(ctx.credentialsPath, 'permission denied'),
  },
  {
    name: 'an unreadable file (mode 000, not root): show warns and carries on',
    args: ['config', 'show', '--no-validate'],
    setup: makeUnreadable,
    asNobody: true,
    exit: 0,
    stderr: (ctx) =>
      `${MISSING_EVERYWHERE}Credentials file: ${ctx.credentialsPath}\n` +
      `[warn] ${ctx.credentialsPath} cannot be read (EACCES)\n`,
  },
  {
    name: 'a named pipe at the credentials path: token fails instead of hanging',
    args: ['config', 'token', 'openai'],
    setup: replaceWithPipe,
    exit: 1,
    stderr: (ctx) => notRegular(ctx.credentialsPath),
  },
  {
    name: 'a named pipe at the credentials path: add fails instead of hanging',
    args: ['config', 'add', 'openai', '-', '--no-validate'],
    input: 'sk-never-stored-0123456789',
    setup: replaceWithPipe,
    exit: 1,
    stderr: (ctx) => notRegular(ctx.credentialsPath),
  },
  {
    name: 'a named pipe at the credentials path: show warns instead of hanging',
    args: ['config', 'show', '--no-validate'],
    setup: replaceWithPipe,
    exit: 0,
    stderr: (ctx) =>
      `${MISSING_EVERYWHERE}Credentials file: ${ctx.credentialsPath}\n` +
      `[warn] ${ctx.credentialsPath} is not a regular file; move it away and run ` +
      "'peekaboo config add'\n",
  },
  {
    name: 'a link to a null device: add refuses instead of replacing the device with a file',
    args: ['config', 'add', 'openai', '-', '--no-validate'],
    input: 'sk-never-stored-0123456789',
    setup: linkToNullDevice,
    exit: 1,
    stderr: (ctx) => notRegular(join(ctx.home, 'null-device')),
  },
  {
    name: 'a link to a null device: edit neither re-modes the device nor opens it',
    args: ['config', 'edit'],
    env: { EDITOR: 'false' },
    setup: linkToNullDevice,
    exit: 1,
    stderr: (ctx) => notRegular(join(ctx.home, 'null-device')),
  },
  {
    name: 'a directory at the lock path: add fails at once instead of spinning forever',
    args: ['config', 'add', 'openai', '-', '--no-validate'],
    input: 'sk-never-stored-0123456789',
    setup: (ctx) => mkdir(`${ctx.credentialsPath}.lock`),
    exit: 1,
    stderr: (ctx) =>
      `error: the lock ${ctx.credentialsPath}.lock is not a file, so no write can take it ` +
      `(next: remove ${ctx.credentialsPath}.lock, then try again)\n`,
  },
  {
    name: 'a symbolic link to itself: remove fails with one line',
    args: ['config', 'remove', 'openai'],
    setup: replaceWithLoop,
    exit: 1,
    stderr: (ctx) => cannotRead(ctx.credentialsPath, 'ELOOP'),
  },
  {
    name: 'a file full of malformed lines: show lists each one and changes nothing',
    args: ['config', 'show', '--no-validate'],
    setup: writeMalformed,
    exit: 0,
    stderr: (ctx) =>
      `${MISSING_EVERYWHERE}Credentials file: ${ctx.credentialsPath}\n` +
      [
        [2, 'no "=" in the line'],
        [3, 'not a valid KEY=value line'],
        [4, 'not a valid KEY=value line'],
        [5, 'not a valid KEY=value line'],
        [6, 'no "=" in the line'],
        [7, 'no "=" in the line'],
        [8, 'no "=" in the line'],
      ]
        .map(([line, why]) => `[warn] ${ctx.credentialsPath}:${line}: ${why}; it is ignored\n`)
        .join(''),
  },
  {
    name: 'a file full of malformed lines: token finds no credential in it',
    args: ['config', 'token', 'gemini'],
    setup: writeMalformed,
    exit: 1,
    stderr:
      "error: no Gemini credential is configured (next: run 'peekaboo config add gemini')\n",
  },
  {
    name: 'a file full of malformed lines: remove with nothing to remove leaves it alone',
    args: ['config', 'remove', 'gemini'],
    setup: writeMalformed,
    exit: 0,
    stderr: (ctx) => `Nothing to remove: no Gemini API key in ${ctx.credentialsPath}\n`,
  },
];

const image = (ctx: CaseContext, name: string) => join(ctx.home, name);

/** Files `analyze` must refuse before anything is sent. */
const analyzeCases: HostileCase[] = [
  {
    name: 'analyze: a text file named .png is not an image',
    args: (ctx) => ['analyze', image(ctx, 'notes.png')],
    setup: (ctx) => writeFile(image(ctx, 'notes.png'), 'just some text, not pixels\n'),
    exit: 2,
    stderr: (ctx) => `error: ${image(ctx, 'notes.png')} is not a PNG, JPEG, GIF or WebP image\n`,
  },
  {
    name: 'analyze: an empty file is not an image',
    args: (ctx) => ['analyze', image(ctx, 'empty.png')],
    setup: (ctx) => writeFile(image(ctx, 'empty.png'), ''),
    exit: 2,
    stderr: (ctx) => `error: ${image(ctx, 'empty.png')} is not a PNG, JPEG, GIF or WebP image\n`,
  },
  {
    name: 'analyze: a directory is not a file',
    args: (ctx) => ['analyze', ctx.configDir],
    exit: 2,
    stderr: (ctx) => `error: ${ctx.configDir} is not a file\n`,
  },
  {
    name: 'analyze: a missing file whose name has a newline is named on one line',
    args: ['analyze', 'no\nsuch.png'],
    exit: 2,
    stderr: 'error: image file not found: no\\nsuch.png\n',
  },
  {
    name: 'analyze: a GIF for a provider that takes none is refused',
    args: (ctx) => ['analyze', image(ctx, 'anim.gif'), '--provider', 'grok'],
    setup: (ctx) => writeFile(image(ctx, 'anim.gif'), GIF_BYTES),
    exit: 2,
    stderr: (ctx) =>
      `error: ${image(ctx, 'anim.gif')} is a GIF image; Grok (xAI) accepts PNG, JPEG ` +
      '(next: convert the image, or choose another provider with --provider)\n',
  },
  {
    name: 'analyze: a model name with a line break is refused on one line',
    args: (ctx) => ['analyze', image(ctx, 'shot.png'), '--model', 'claude\nEVIL'],
    setup: (ctx) => writeFile(image(ctx, 'shot.png'), PNG_BYTES),
    exit: 2,
    stderr: "error: the model name must be a model id without spaces (got 'claude\\nEVIL')\n",
  },
];

/** Hostile files: the credentials file itself, and images for `analyze`. */
export const FILE_CASES: HostileCase[] = [...credentialsFileCases, ...analyzeCases];
