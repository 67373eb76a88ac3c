import assert from 'node:assert/strict';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A line of the recorder's log: how a process peekaboo started was started. */
export interface SpawnRecord {
  role: string;
  argv?: string[];
  self?: string[];
  parent?: string[];
  status?: number;
  body?: string;
}

/** Fails naming the marker and where it showed up. */
export function assertNoMarker(text: string, markers: readonly string[], where: string): void {
  for (const marker of markers) {
    assert.ok(!text.includes(marker), `${marker.slice(0, 12)}... appears in ${where}:\n${text}`);
  }
}

/**
 * Every file under `root` except `keep` (the credentials file, where secrets belong): none
 * may hold a marker in its name or its bytes. Lock files, temporary copies, logs of the
 * processes peekaboo started: all of them count.
 */
export async function assertNoMarkerInFiles(
  root: string,
  keep: string,
  markers: readonly string[],
): Promise<void> {
  for (const name of await readdir(root)) {
    const path = join(root, name);
    assertNoMarker(name, markers, `the name of ${path}`);
    const info = await lstat(path);
    if (info.isDirectory()) await assertNoMarkerInFiles(path, keep, markers);
    else if (info.isFile() && path !== keep) {
      assertNoMarker((await readFile(path)).toString('latin1'), markers, path);
    }
  }
}

/** The recorder's log, once every recorder that started has finished (browsers outlive us). */
export async function readSpawnLog(path: string): Promise<SpawnRecord[]> {
  for (let waited = 0; ; waited += 20) {
    const records = await readRecords(path);
    const started = records.filter((r) => r.argv !== undefined).length;
    const done = records.filter((r) => r.role === 'done').length;
    if (started === done) return records;
    if (waited > 15_000) assert.fail(`a recorder never finished:\n${JSON.stringify(records)}`);
    await sleep(20);
  }
}

async function readRecords(path: string): Promise<SpawnRecord[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as SpawnRecord);
}
