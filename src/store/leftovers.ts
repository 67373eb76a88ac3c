import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { temporaryPrefix } from './atomic-write.js';
import { isProcessAlive, removeStaleBreaker } from './lock.js';

const LEFTOVER_AGE_MS = 60_000;

/**
 * Removes temporary and lock-draft files that a killed process left beside the credentials
 * file. Called while holding the lock; files of live writers are young and are kept.
 */
export async function sweepLeftovers(credentialsPath: string): Promise<void> {
  // The breaker's name holds no pid; its content names the process that made it.
  await removeStaleBreaker(`${credentialsPath}.lock`);
  const dir = dirname(credentialsPath);
  const prefixes = [temporaryPrefix(credentialsPath), `${basename(credentialsPath)}.lock.`];
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!prefixes.some((prefix) => name.startsWith(prefix))) continue;
    const pid = Number(/(?:tmp-|lock\.(?:break\.)?)(\d+)[-.]/.exec(name)?.[1]);
    const path = join(dir, name);
    const info = await fsp.stat(path).catch(() => undefined);
    if (!info) continue;
    // A name with a pid belongs to that process as long as it lives, however long it
    // waits; age only decides for names without one.
    const named = Number.isInteger(pid) && pid > 0;
    const abandoned = named ? !isProcessAlive(pid) : Date.now() - info.mtimeMs > LEFTOVER_AGE_MS;
    if (abandoned) {
      await fsp.unlink(path).catch(() => undefined);
    }
  }
}
