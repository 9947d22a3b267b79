/**
 * Exponential moving average with bias correction (as TensorBoard smooths): `weight` 0 keeps
 * the values, 0.99 smooths hard. Gaps (null) stay gaps and do not reset the average.
 */
export function smooth(values: readonly (number | null)[], weight: number): (number | null)[] {
  if (weight <= 0) return [...values];
  let average = 0;
  let count = 0;
  return values.map((value) => {
    if (value === null) return null;
    count++;
    average = average * weight + (1 - weight) * value;
    return average / (1 - weight ** count);
  });
}
