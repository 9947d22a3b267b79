/**
 * Splits rows into a train and a test set after a shuffle with a fixed seed, so every run
 * (and every machine) sees the same split and the printed metrics can be compared.
 *
 * @param testFraction the share of rows held out, between 0 and 1 (rounded to whole rows).
 * @param seed any 32-bit integer; the same seed gives the same split.
 * @example
 * const { train, test } = splitRows(penguins, 0.25, 7);
 */
export function splitRows<T>(rows: readonly T[], testFraction: number, seed: number): { train: T[]; test: T[] } {
  const shuffled = [...rows];
  const random = mulberry32(seed);
  // Fisher–Yates, drawing from the seeded generator instead of Math.random.
  for (let index = shuffled.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [shuffled[index], shuffled[other]] = [shuffled[other]!, shuffled[index]!];
  }
  const testSize = Math.round(rows.length * testFraction);
  return { test: shuffled.slice(0, testSize), train: shuffled.slice(testSize) };
}

/** A small, fast 32-bit generator of numbers in [0, 1); good enough to shuffle, not for cryptography. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
