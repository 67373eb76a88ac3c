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
}

export interface CredentialsDocument {
  lines: CredentialsLine[];
  /** `\r\n` when the file used it, so a rewrite keeps the user's line endings. */
  eol: '\n' | '\r\n';
  /** The Swift tools write no final newline; a rewrite keeps whichever the file had. */
  finalNewline: boolean;
}

/** A line that is neither a comment nor `KEY=value`, reported as a warning. */
export interface MalformedLine {
  lineNumber: number;
  reason: string;
}

const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Parses file text into lines; never throws. */
export function parseCredentials(text: string): CredentialsDocument {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const finalNewline = text.length === 0 || text.endsWith('\n');
  const body = finalNewline ? text.slice(0, text.length - (text.endsWith('\r\n') ? 2 : 1)) : text;
  const lines = text.length === 0 ? [] : body.split(/\r?\n/).map(parseLine);
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
    if (value !== undefined) lines.push({ raw: `${line.key}=${value}`, key: line.key, value });
  }
  const present = new Set(doc.lines.map((line) => line.key));
  for (const [key, value] of pending) {
    if (value === undefined || present.has(key)) continue;
    lines.push({ raw: `${key}=${value}`, key, value });
  }
  return { ...doc, lines };
}

/** Serialises lines back to text, with the document's line ending and final newline. */
export function serializeCredentials(doc: CredentialsDocument): string {
  if (doc.lines.length === 0) return '';
  const text = doc.lines.map((line) => line.raw).join(doc.eol);
  return doc.finalNewline ? text + doc.eol : text;
}

/** The header of a file peekaboo creates. */
export const NEW_FILE_HEADER =
  '# peekaboo credentials: KEY=value lines, read by peekaboo, Peekaboo and Tachikoma.\n' +
  '# Keep this file private (mode 0600). Edit with: peekaboo config edit\n\n';
