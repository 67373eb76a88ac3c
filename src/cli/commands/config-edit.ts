import { spawn } from 'node:child_process';
import { chmod } from 'node:fs/promises';
import { PeekabooError } from '../../errors.js';
import { CredentialStore } from '../../store/credentials-store.js';
import { inspectCredentialsFile } from '../../store/inspect.js';
import type { CommandContext } from '../command.js';

/** `peekaboo config edit`: open the file in the user's editor, then re-check it. */
export async function run({ values, output, env }: CommandContext): Promise<number> {
  const store = new CredentialStore({ env });
  if (values['print-path']) {
    output.stdout(`${store.path}\n`);
    return 0;
  }
  await store.ensureExists();
  const editor = env.VISUAL || env.EDITOR || 'vi';
  const status = await openEditor(editor, store.path, env);
  // Editors that save by writing a new file and renaming it drop the mode; apply it again.
  await chmod(store.path, 0o600);
  for (const warning of await inspectCredentialsFile(store.path)) output.warn(warning);
  if (status !== 0) {
    throw new PeekabooError('ERR_USAGE', `the editor '${editor}' exited with status ${status}`, {
      hint: 'set $VISUAL or $EDITOR to an editor that waits until you close the file',
    });
  }
  output.ok(`Saved ${store.path}`);
  return 0;
}

/** Runs the editor through the shell so `$EDITOR` may carry flags (`code --wait`). */
function openEditor(editor: string, path: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', `${editor} "$1"`, 'peekaboo-editor', path], {
      stdio: 'inherit',
      env,
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}
