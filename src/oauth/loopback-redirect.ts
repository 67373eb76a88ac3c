import { PeekabooError } from '../errors.js';
import { isLoopbackHost } from '../http/url-guard.js';

/** Where a loopback callback server listens for a given redirect URI. */
export interface LoopbackRedirect {
  hosts: readonly { address: string; optional: boolean }[];
  port: number;
  pathname: string;
}

/** True when a callback server can receive this redirect URI (http:// to loopback). */
export function isLoopbackRedirectUri(redirectUri: string): boolean {
  try {
    const url = new URL(redirectUri);
    return url.protocol === 'http:' && isLoopbackHost(url.hostname);
  } catch {
    return false;
  }
}

/**
 * Reads the addresses, port and path a callback server binds for `redirectUri`.
 * `localhost` means 127.0.0.1 and, where IPv6 exists, ::1 (browsers may resolve either).
 * Throws `ERR_INVALID_VALUE` for anything but an http:// loopback URL.
 */
export function loopbackRedirect(redirectUri: string): LoopbackRedirect {
  if (!isLoopbackRedirectUri(redirectUri)) {
    throw new PeekabooError(
      'ERR_INVALID_VALUE',
      `redirect URI ${redirectUri} is not an http:// loopback address`,
    );
  }
  const url = new URL(redirectUri);
  const port = url.port === '' ? 80 : Number(url.port);
  const hosts =
    url.hostname === 'localhost'
      ? [
          { address: '127.0.0.1', optional: false },
          { address: '::1', optional: true },
        ]
      : [{ address: url.hostname === '[::1]' ? '::1' : url.hostname, optional: false }];
  return { hosts, port, pathname: url.pathname };
}
