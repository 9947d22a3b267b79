/** counts[actual][predicted] for labels 0…classCount−1. */
export function confusionCounts(actual: readonly number[], predicted: readonly number[], classCount: number): number[][] {
  const counts = Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0));
  actual.forEach((label, index) => counts[label]![predicted[index]!]!++);
  return counts;
}

export function accuracyOf(actual: readonly number[], predicted: readonly number[]): number {
  return actual.filter((label, index) => label === predicted[index]).length / actual.length;
}

/** The unweighted mean of per-class F1 scores (a class never predicted scores 0). */
export function macroF1(counts: readonly (readonly number[])[]): number {
  const scores = counts.map((row, label) => {
    const truePositive = row[label]!;
    const predicted = counts.reduce((sum, other) => sum + other[label]!, 0);
    const actual = row.reduce((sum, count) => sum + count, 0);
    return truePositive === 0 ? 0 : (2 * truePositive) / (predicted + actual);
  });
  return scores.reduce((sum, score) => sum + score, 0) / scores.length;
}

export function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
