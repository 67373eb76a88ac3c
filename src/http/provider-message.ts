/**
 * Finds the provider's own error message in an error body. OpenAI, Anthropic and Gemini
 * send `{"error":{"message"}}`; xAI sends `{"error":"..."}`; some proxies send plain text.
 */
export function extractProviderMessage(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as unknown;
    const found = pickMessage(parsed);
    if (found) return oneLine(found);
  } catch {
    // Not JSON: fall through to plain text.
  }
  const text = oneLine(body);
  if (text === '' || /^<(!doctype|html)/i.test(text)) return undefined;
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function pickMessage(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const error = record.error;
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null) {
    const message = (error as Record<string, unknown>).message;
    if (typeof message === 'string') return message;
  }
  for (const key of ['message', 'detail', 'error_description']) {
    if (typeof record[key] === 'string') return record[key];
  }
  return undefined;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Replaces every occurrence of each secret (and its masked-looking halves) with `***`. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let scrubbed = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    scrubbed = scrubbed.split(secret).join('***');
    // Providers often echo part of a wrong key ("Incorrect API key provided: sk-abc...xyz").
    const head = secret.slice(0, Math.max(8, Math.floor(secret.length / 2)));
    if (head.length >= 8 && head.length < secret.length) {
      scrubbed = scrubbed.split(head).join('***');
    }
  }
  return scrubbed;
}
