/** A duration for messages, in seconds without trailing zeros: `30`, `0.5`, `1.25`. */
export function formatSeconds(ms: number): string {
  return String(Number((ms / 1000).toFixed(3)));
}
