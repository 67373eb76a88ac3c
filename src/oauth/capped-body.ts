/** Token endpoint answers are small; anything past this is refused, not buffered. */
export const MAX_TOKEN_RESPONSE_BYTES = 1024 * 1024;

/**
 * Reads a response body as UTF-8 text, or returns `undefined` (and cancels the stream)
 * once it grows past `limit` bytes, so a huge or endless answer cannot exhaust memory.
 */
export async function readCappedText(
  response: Response,
  limit = MAX_TOKEN_RESPONSE_BYTES,
): Promise<string | undefined> {
  if (!response.body) return '';
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > limit) {
    await response.body.cancel().catch(() => undefined);
    return undefined;
  }

  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
