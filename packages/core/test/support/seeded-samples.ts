/**
 * The samples of test/fixtures/drift-reference-values.py: a 32-bit linear congruential
 * generator and the Box–Muller transform, so SciPy and the tests see the same numbers.
 */
export function* uniforms(seed: number): Generator<number> {
  let state = seed >>> 0;
  for (;;) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    yield (state + 0.5) / 2 ** 32;
  }
}

/** `count` normal values of `mean` and standard deviation `sd` from `seed`. */
export function normal(seed: number, count: number, mean = 0, sd = 1): number[] {
  const source = uniforms(seed);
  const values: number[] = [];
  for (let index = 0; index < count; index++) {
    const u1 = source.next().value as number;
    const u2 = source.next().value as number;
    values.push(mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
  }
  return values;
}

/** Rows of one column. */
export function rowsOf<T>(column: string, values: readonly T[]): Record<string, T>[] {
  return values.map((value) => ({ [column]: value }));
}

/** Rows of a categorical column holding `counts[value]` rows of each value. */
export function categoryRows(column: string, counts: Record<string, number>): Record<string, string>[] {
  return Object.entries(counts).flatMap(([value, count]) => Array.from({ length: count }, () => ({ [column]: value })));
}
