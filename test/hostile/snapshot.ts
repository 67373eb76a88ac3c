import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';

/** One entry of a directory tree: its type, mode, owner and exact content. */
export interface EntrySnapshot {
  type: 'file' | 'directory' | 'symlink' | 'other';
  mode: string;
  uid: number;
  /** Base64 of a file's bytes, a link's target, or the names of a directory's entries. */
  content: string;
}

/**
 * Records every entry under `root` (itself included), keyed by path relative to it, so a
 * test can assert that nothing was created, removed, changed or re-moded. Only regular
 * files are read: opening a named pipe would block.
 */
export async function snapshotTree(root: string): Promise<Record<string, EntrySnapshot>> {
  const entries: Record<string, EntrySnapshot> = {};
  const visit = async (relative: string): Promise<void> => {
    const path = join(root, relative);
    const info = await lstat(path).catch(() => undefined);
    if (!info) return;
    const mode = (info.mode & 0o7777).toString(8);
    const base = { mode, uid: info.uid };
    if (info.isFile()) {
      const content = (await readFile(path)).toString('base64');
      entries[relative] = { type: 'file', ...base, content };
    } else if (info.isSymbolicLink()) {
      entries[relative] = { type: 'symlink', ...base, content: await readlink(path) };
    } else if (info.isDirectory()) {
      const names = (await readdir(path)).sort();
      entries[relative] = { type: 'directory', ...base, content: names.join('/') };
      for (const name of names) await visit(join(relative, name));
    } else {
      entries[relative] = { type: 'other', ...base, content: '' };
    }
  };
  await visit('.');
  return entries;
}
