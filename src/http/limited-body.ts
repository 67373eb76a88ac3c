/** Bodies of error answers are read up to this size; the rest is dropped. */
export const ERROR_BODY_LIMIT = 64 * 1024;

/**
 * Reads a response body as text, at most `limit` bytes, and cancels the rest, so a huge
 * or endless answer cannot exhaust memory. Returns `truncated` when it stopped early.
 */
export async function readLimitedText(
  response: Response,
  limit = ERROR_BODY_LIMIT,
): Promise<{ text: string; truncated: boolean }> {
  if (!response.body) return { text: '', truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return { text: decode(chunks, limit), truncated: true };
    }
  }
  return { text: decode(chunks, size), truncated: false };
}

function decode(chunks: Uint8Array[], limit: number): string {
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}
