/**
 * The credentials file format shared with the Swift Peekaboo and Tachikoma: `KEY=value`
 * lines split at the first `=`, blank lines and `#` lines are comments, no quoting.
 *
 * Parsing keeps every line as it was, so a write can change the keys it is about and
 * leave comments, unknown keys, malformed lines and their order byte for byte alone.
 */
export interface CredentialsLine {
  /** The line exactly as read, without its line ending. */
  raw: string;
  /** Set for `KEY=value` lines; absent for comments, blank and malformed lines. */
  key?: string;
  value?: string;
  /** The line ending it was read with; lines added by a write take the document's `eol`. */
  ending?: LineEnding;
}

type LineEnding = '' | '\n' | '\r\n';

export interface CredentialsDocument {
  lines: CredentialsLine[];
  /** The ending of the file's last ended line, given to lines a write adds. */
  eol: '\n' | '\r\n';
  /** The Swift tools write no final newline; a rewrite keeps whichever the file had. */
  finalNewline: boolean;
}

/** A line that is neither a comment nor `KEY=value`, reported as a warning. */
export interface MalformedLine {
  lineNumber: number;
  reason: string;
}

/** The keys a `KEY=value` line can hold and give back unchanged when read. */
export const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Parses file text into lines; never throws. */
export function parseCredentials(text: string): CredentialsDocument {
  // Splitting on a captured separator keeps each line's own ending: a file edited on two
  // systems may mix LF and CRLF, and a write must give back the lines it did not change.
  const pieces = text.split(/(\r?\n)/);
  const lines: CredentialsLine[] = [];
  for (let i = 0; i < pieces.length; i += 2) {
    const raw = pieces[i] ?? '';
    const ending = (pieces[i + 1] ?? '') as LineEnding;
    if (raw === '' && ending === '') break;
    lines.push({ ...parseLine(raw), ending });
  }
  const ended = lines.filter((line) => line.ending !== '');
  const eol = ended.at(-1)?.ending === '\r\n' ? '\r\n' : '\n';
  const finalNewline = lines.length === 0 || lines.at(-1)?.ending !== '';
  return { lines, eol, finalNewline };
}

function parseLine(raw: string): CredentialsLine {
  const trimmed = raw.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return { raw };
  const at = trimmed.indexOf('=');
  if (at <= 0) return { raw };
  const key = trimmed.slice(0, at).trim();
  if (!KEY_PATTERN.test(key)) return { raw };
  return { raw, key, value: trimmed.slice(at + 1).trim() };
}

/** Lines that are not comments and not `KEY=value`, 1-based. */
export function findMalformedLines(doc: CredentialsDocument): MalformedLine[] {
  const found: MalformedLine[] = [];
  doc.lines.forEach((line, index) => {
    const trimmed = line.raw.trim();
    if (line.key !== undefined || trimmed === '' || trimmed.startsWith('#')) return;
    const reason = trimmed.includes('=') ? 'not a valid KEY=value line' : 'no "=" in the line';
    found.push({ lineNumber: index + 1, reason });
  });
  return found;
}

/** Key to value; when a key appears twice the last one wins, as in the Swift reader. */
export function toRecord(doc: CredentialsDocument): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of doc.lines) {
    if (line.key !== undefined && line.value !== undefined) values.set(line.key, line.value);
  }
  return values;
}

/**
 * Applies changes: a string sets the key (every existing line of it, in place; new keys
 * go at the end), `undefined` removes every line of the key. Other lines are untouched.
 */
export function applyChanges(
  doc: CredentialsDocument,
  changes: Record<string, string | undefined>,
): CredentialsDocument {
  const pending = new Map(Object.entries(changes));
  const lines: CredentialsLine[] = [];
  for (const line of doc.lines) {
    if (line.key === undefined || !pending.has(line.key)) {
      lines.push(line);
      continue;
    }
    const value = pending.get(line.key);
    if (value === undefined) continue;
    lines.push({ raw: `${line.key}=${value}`, key: line.key, value, ending: line.ending });
  }
  const present = new Set(doc.lines.map((line) => line.key));
  for (const [key, value] of pending) {
    if (value === undefined || present.has(key)) continue;
    lines.push({ raw: `${key}=${value}`, key, value });
  }
  return { ...doc, lines };
}

/**
 * Serialises lines back to text: each line with the ending it was read with, added lines
 * with the document's, and the last line without one when the file had no final newline.
 */
export function serializeCredentials(doc: CredentialsDocument): string {
  const last = doc.lines.length - 1;
  return doc.lines
    .map((line, index) => {
      if (index === last && !doc.finalNewline) return line.raw;
      return line.raw + (line.ending || doc.eol);
    })
    .join('');
}

/** The header of a file peekaboo creates. */
export const NEW_FILE_HEADER =
  '# peekaboo credentials: KEY=value lines, read by peekaboo, Peekaboo and Tachikoma.\n' +
  '# Keep this file private (mode 0600). Edit with: peekaboo config edit\n\n';
