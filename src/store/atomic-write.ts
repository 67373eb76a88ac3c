import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { uniqueId } from './unique-id.js';

/** Prefix of the temporary files a write leaves behind only when it is killed. */
export function temporaryPrefix(target: string): string {
  return `.${basename(target)}.tmp-`;
}

/**
 * Replaces `target` with `content` so that a reader, or a crash at any moment, sees either
 * the whole old file or the whole new one: write a temporary file in the same directory,
 * flush it to disk, then rename it over the target.
 */
export async function writeFileAtomic(target: string, content: string): Promise<void> {
  const dir = dirname(target);
  const temporary = join(
    dir,
    `${temporaryPrefix(target)}${process.pid}-${uniqueId()}`,
  );
  // `mode` only applies when a file is created, and umask may narrow or widen it, so the
  // mode is set again explicitly before the rename carries it onto the target.
  const handle = await fsp.open(temporary, 'wx', 0o600);
  try {
    await handle.chmod(0o600);
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fsp.unlink(temporary).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await fsp.rename(temporary, target);
  } catch (error) {
    await fsp.unlink(temporary).catch(() => undefined);
    throw error;
  }
  await fsp.chmod(target, 0o600);
  await syncDirectory(dir);
}

/** Makes the rename itself durable; some file systems refuse to open a directory. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await fsp.open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}
