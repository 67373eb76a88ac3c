// The contents the kill test writes, shared by the writing child and the checking parent.

/** Keys a generation sets; every one carries that generation's number. */
export const GENERATION_KEYS = ['ALPHA_KEY', 'BRAVO_KEY', 'CHARLIE_KEY', 'DELTA_KEY'];

/** The changes that turn any generation's file into generation `n`'s. */
export function generationChanges(n) {
  // Even and odd generations differ a lot in length, so a torn or partly flushed write
  // cannot pass for a whole one.
  const filler = (n % 2 === 0 ? 'even' : 'odd').repeat(n % 2 === 0 ? 400 : 2);
  return Object.fromEntries(
    GENERATION_KEYS.map((key) => [key, `${key.toLowerCase()}-${n}-${filler}`]),
  );
}

/**
 * Generation `n`'s whole file, byte for byte: the keys among lines no write may touch
 * (comments, an unknown key, a malformed line).
 */
export function renderGeneration(n) {
  const values = generationChanges(n);
  const [alpha, bravo, charlie, delta] = GENERATION_KEYS.map((key) => `${key}=${values[key]}`);
  return [
    '# written by the fault tests; every line but the four keys stays as it is',
    alpha,
    'UNRELATED_KEY=keep-me',
    bravo,
    '',
    '# a comment between keys',
    charlie,
    'a line without an equals sign',
    delta,
    '',
  ].join('\n');
}
