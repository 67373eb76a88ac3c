import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CredentialStore } from '../../src/store/credentials-store.js';

/** A temporary config directory with a credentials file, for in-process library tests. */
export interface CredentialsDir {
  dir: string;
  path: string;
  store: CredentialStore;
  read(): Promise<string>;
  cleanup(): Promise<void>;
}

/** Writes `values` as `KEY=value` lines into a fresh temporary credentials file. */
export async function makeCredentialsDir(values: Record<string, string>): Promise<CredentialsDir> {
  const dir = await mkdtemp(join(tmpdir(), 'peekaboo-requests-'));
  const path = join(dir, 'credentials');
  const text = Object.entries(values).map(([key, value]) => `${key}=${value}\n`).join('');
  await writeFile(path, text, { mode: 0o600 });
  return {
    dir,
    path,
    store: new CredentialStore({ path }),
    read: () => readFile(path, 'utf8'),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
