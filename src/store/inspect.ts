import { lstatSync, readFileSync, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { findMalformedLines, parseCredentials } from './format.js';

/**
 * Problems with the credentials file that a person should fix, as one-line warnings.
 * Never throws: a file that cannot be read is itself a warning. Reads synchronously: it
 * runs once per command, and the promise API of node:fs costs start-up time to load.
 */
export async function inspectCredentialsFile(path: string): Promise<string[]> {
  const warnings: string[] = [];
  let link;
  try {
    link = lstatSync(path);
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unknown error';
    // Absent is normal; anything else (no permission, a file where a folder should be)
    // would otherwise look like "nothing configured".
    return code === 'ENOENT' ? warnings : [`${path} cannot be reached (${code})`];
  }
  const info = statQuietly(path);
  if (!info) {
    return link.isSymbolicLink()
      ? [`${path} is a symbolic link to a file that does not exist`]
      : [`${path} cannot be reached`];
  }
  if (info.isDirectory()) {
    return [`${path} is a directory, not a file; move it away and run 'peekaboo config add'`];
  }
  if (!info.isFile()) {
    // Reading a named pipe would wait for a writer forever.
    return [`${path} is not a regular file; move it away and run 'peekaboo config add'`];
  }
  if ((info.mode & 0o077) !== 0) {
    const mode = (info.mode & 0o777).toString(8);
    warnings.push(`${path} has mode ${mode}, readable by others; run: chmod 600 ${path}`);
  }
  const dir = statQuietly(dirname(path));
  if (dir && (dir.mode & 0o022) !== 0) {
    const dirPath = dirname(path);
    warnings.push(`${dirPath} can be written by others; run: chmod 700 ${dirPath}`);
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unknown error';
    warnings.push(`${path} cannot be read (${code})`);
    return warnings;
  }
  for (const bad of findMalformedLines(parseCredentials(text))) {
    warnings.push(`${path}:${bad.lineNumber}: ${bad.reason}; it is ignored`);
  }
  return warnings;
}

function statQuietly(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
