import { PeekabooUsageError } from '../errors.js';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True for `localhost`, any 127.0.0.0/8 address and `[::1]`. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Checks a URL that a secret will be sent to: `https://`, or `http://` to a loopback
 * address only. Anything else would put a token on the wire in clear text.
 * Throws `PeekabooUsageError` (`ERR_UNSAFE_URL`) naming the setting it came from.
 */
export function assertSafeUrl(value: string, settingName: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PeekabooUsageError(`${settingName} is not a valid URL: ${value}`, {
      code: 'ERR_UNSAFE_URL',
      hint: `unset ${settingName}`,
    });
  }
  const safe =
    url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  if (!safe || url.username || url.password) {
    throw new PeekabooUsageError(
      `${settingName} must be https://, or http:// to a loopback address; ` +
        `refusing to send credentials to ${url.protocol}//${url.host}`,
      { code: 'ERR_UNSAFE_URL', hint: `unset ${settingName}` },
    );
  }
  return url;
}
