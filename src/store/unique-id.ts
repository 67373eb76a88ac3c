let counter = 0;

/**
 * A string no other call, in this process or any other, returns: for lock owners and
 * temporary file names. They need uniqueness, not secrecy, so this avoids loading
 * node:crypto, which costs every command about 3 ms of start-up.
 */
export function uniqueId(): string {
  counter += 1;
  const random = Math.floor(Math.random() * 0x1_0000_0000).toString(16);
  return `${process.pid.toString(16)}${Date.now().toString(16)}${counter.toString(16)}${random}`;
}
