import { PeekabooError } from '../errors.js';
import { KEY_PATTERN } from './format.js';

/**
 * What ends a line for some reader of the file. The Swift tools split lines on every
 * Unicode line break (`CharacterSet.newlines`: also VT, FF, NEL, U+2028 and U+2029), so
 * any of them inside a value would start a new `KEY=value` line there; NUL ends C strings.
 */
export const LINE_BREAK_OR_NUL = /[\n\v\f\r\u0085\u2028\u2029\0]/;

/**
 * Refuses a value that would break the line format: a line break or NUL inside a value
 * would let whoever supplied it (a user, or a token server) create a key nobody set.
 */
export function assertStorableValue(key: string, value: string): void {
  if (LINE_BREAK_OR_NUL.test(value)) {
    throw new PeekabooError(
      'ERR_INVALID_VALUE',
      `refusing to store ${key}: the value contains a line break or NUL character`,
    );
  }
  if (value.trim() !== value || value === '') {
    throw new PeekabooError(
      'ERR_INVALID_VALUE',
      `refusing to store ${key}: the value is empty or has surrounding spaces`,
    );
  }
}

/**
 * Checks every key and value of one write. A key outside `KEY_PATTERN` (an `=`, a space, a
 * line break) would be read back as another key, or not at all.
 * Throws `ERR_INVALID_VALUE` naming the first problem.
 */
export function assertStorableChanges(changes: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(changes)) {
    if (!KEY_PATTERN.test(key)) {
      throw new PeekabooError(
        'ERR_INVALID_VALUE',
        `refusing to store the key ${JSON.stringify(key)}: not a valid credentials file key`,
      );
    }
    if (value !== undefined) assertStorableValue(key, value);
  }
}
