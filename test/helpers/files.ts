import { readdir, stat } from 'node:fs/promises';

/** The permission bits of a file or directory, as a number to compare with 0o600. */
export async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

/** The names in a directory, sorted; `[]` when it does not exist. */
export async function listDir(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).sort();
}
