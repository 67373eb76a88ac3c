import { PeekabooUsageError } from '../errors.js';
import type { OptionSpec } from './command.js';

export const JSON_OPTION: OptionSpec = {
  json: { type: 'boolean', description: 'print one JSON document on stdout' },
};

export const TIMEOUT_OPTION: OptionSpec = {
  timeout: {
    type: 'string',
    valueName: 'N',
    description: 'seconds to wait for each provider request (default 30)',
  },
};

export const DEFAULT_TIMEOUT_SECONDS = 30;

/** `--timeout N` in milliseconds: a positive number of seconds, at most an hour. */
export function parseTimeoutMs(value: string | boolean | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_SECONDS * 1000;
  const seconds = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (!(seconds > 0 && seconds <= 3600)) {
    throw new PeekabooUsageError(
      `--timeout takes a number of seconds greater than 0 and at most 3600 (got ${value})`,
    );
  }
  // At least a millisecond: `--timeout 0.0001` must not become no time at all.
  return Math.max(1, Math.round(seconds * 1000));
}

export { formatSeconds } from '../seconds.js';
