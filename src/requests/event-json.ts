/** A JSON object from a streamed event, read loosely: providers add fields freely. */
export type JsonObject = Record<string, unknown>;

/** The event's data as a JSON object; `undefined` for anything else (`[DONE]`, garbage). */
export function parseEventJson(data: string): JsonObject | undefined {
  try {
    const parsed = JSON.parse(data) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}

/** Follows `path` through objects and arrays; `undefined` as soon as a step is missing. */
export function readField(value: unknown, ...path: Array<string | number>): unknown {
  let current = value;
  for (const step of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}

/** `readField`, kept only when it is a string. */
export function readString(value: unknown, ...path: Array<string | number>): string | undefined {
  const found = readField(value, ...path);
  return typeof found === 'string' ? found : undefined;
}
