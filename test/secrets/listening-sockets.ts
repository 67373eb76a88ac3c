import { readFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';

/** TCP state 0A in /proc/net/tcp is LISTEN. */
const LISTEN = '0A';

/**
 * The local addresses with a socket listening on `port`, read from the kernel's own tables
 * (Linux /proc/net/tcp and tcp6), whoever owns the socket. `undefined` off Linux.
 */
export async function listeningAddresses(port: number): Promise<string[] | undefined> {
  const tables = await Promise.all(
    ['/proc/net/tcp', '/proc/net/tcp6'].map((path) => readFile(path, 'utf8').catch(() => '')),
  );
  if (tables.every((table) => table === '')) return undefined;
  const wanted = port.toString(16).toUpperCase().padStart(4, '0');
  const found: string[] = [];
  for (const line of tables.join('\n').split('\n')) {
    const [, local, , state] = line.trim().split(/\s+/);
    const [address, localPort] = (local ?? '').split(':');
    if (state === LISTEN && localPort === wanted && address) found.push(decode(address));
  }
  return found;
}

/** The kernel writes each 32-bit word of an address in host (little-endian) byte order. */
function decode(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((word) => (word.match(/../g) ?? []).reverse());
  if (bytes.length === 4) return bytes.map((b) => parseInt(b, 16)).join('.');
  const groups = [];
  for (let i = 0; i < bytes.length; i += 2) groups.push(`${bytes[i]}${bytes[i + 1]}`);
  return new URL(`http://[${groups.join(':')}]`).hostname.replace(/^\[|\]$/g, '');
}

/** One of this machine's own addresses that is not loopback, if it has one. */
export function ownNonLoopbackAddress(): string | undefined {
  const entries = Object.values(networkInterfaces()).flat();
  return entries.find((e) => e && !e.internal && e.family === 'IPv4')?.address;
}
