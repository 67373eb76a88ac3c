import { PeekabooError } from '../errors.js';

/**
 * Refuses a value that would break the line format: a line break or NUL inside a value
 * would let whoever supplied it (a user, or a token server) create a key nobody set.
 */
export function assertStorableValue(key: string, value: string): void {
  if (/[\r\n\0]/.test(value)) {
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
