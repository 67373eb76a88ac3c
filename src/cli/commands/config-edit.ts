import { spawn } from 'node:child_process';
import { chmod, stat } from 'node:fs/promises';
import { PeekabooError } from '../../errors.js';
import { CredentialStore } from '../../store/credentials-store.js';
import { inspectCredentialsFile } from '../../store/inspect.js';
import { writeFailure } from '../../store/write-errors.js';
import type { CommandContext } from '../command.js';

/** `peekaboo config edit`: open the file in the user's editor, then re-check it. */
export async function run({ values, output, env }: CommandContext): Promise<number> {
  const store = new CredentialStore({ env });
  if (values['print-path']) {
    if (output.json) output.result({ credentialsPath: store.path });
    else output.stdout(`${store.path}\n`);
    return 0;
  }
  await assertNotDirectory(store.path);
  await store.ensureExists();
  const editor = env.VISUAL || env.EDITOR || 'vi';
  // Known gap: a refresh while editing is lost on save; goes when edits merge under the lock.
  const status = await openEditor(editor, store.path, env, output.json);
  // Editors that save by writing a new file and renaming it drop the mode; apply it again.
  await chmod(store.path, 0o600).catch((error: unknown) => {
    if ((error as { code?: string }).code !== 'ENOENT') throw writeFailure(store.path, error);
    throw new PeekabooError('ERR_CREDENTIALS_FILE', `the editor removed ${store.path}`, {
      hint: "run 'peekaboo config edit' to create it again",
    });
  });
  const warnings = await inspectCredentialsFile(store.path);
  for (const warning of warnings) output.warn(warning);
  if (status !== 0) {
    throw new PeekabooError('ERR_USAGE', `the editor '${editor}' exited with status ${status}`, {
      hint: 'set $VISUAL or $EDITOR to an editor that waits until you close the file',
    });
  }
  if (output.json) output.result({ credentialsPath: store.path, warnings });
  output.ok(`Saved ${store.path}`);
  return 0;
}

/** A directory there would otherwise be given mode 0600 and handed to the editor. */
async function assertNotDirectory(path: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isDirectory()) return;
  throw new PeekabooError(
    'ERR_CREDENTIALS_FILE',
    `the credentials file ${path} is a directory, not a file`,
    { hint: `move ${path} away, then run 'peekaboo config edit'` },
  );
}

/**
 * Runs the editor through the shell so `$EDITOR` may carry flags (`code --wait`). With
 * `--json` the editor draws on stderr, which keeps stdout for the one JSON document.
 */
function openEditor(
  editor: string,
  path: string,
  env: NodeJS.ProcessEnv,
  json: boolean,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', `${editor} "$1"`, 'peekaboo-editor', path], {
      stdio: ['inherit', json ? 2 : 'inherit', 'inherit'],
      env,
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}
