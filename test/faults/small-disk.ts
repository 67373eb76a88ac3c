import { execFileSync } from 'node:child_process';
import { unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const PAGE = 4096;

function mount(args: string[]): void {
  execFileSync('mount', args, { stdio: 'pipe' });
}

/**
 * Mounts a tmpfs of `sizeKb` at `dir`. Returns why it could not (not root, no mount
 * command), so the caller can skip with that reason.
 */
export function mountSmallDisk(dir: string, sizeKb: number): string | undefined {
  try {
    mount(['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0700`, 'tmpfs', dir]);
    return undefined;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return `cannot mount a tmpfs here: ${stderr || (error as Error).message}`;
  }
}

export function remountReadOnly(dir: string): void {
  mount(['-o', 'remount,ro', dir]);
}

/** Unmounts `dir`, lazily when something still holds it open. */
export function unmountSmallDisk(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'pipe' });
  } catch {
    execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
  }
}

/** Fills the file system of `dir` with one-page files until it is full; returns their paths. */
export async function fillDisk(dir: string): Promise<string[]> {
  const page = Buffer.alloc(PAGE, 0x2e);
  const files: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    const path = join(dir, `filler-${String(i).padStart(4, '0')}`);
    try {
      await writeFile(path, page);
      files.push(path);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOSPC') throw error;
      await unlink(path).catch(() => undefined);
      return files;
    }
  }
  throw new Error(`${dir} never filled up`);
}
