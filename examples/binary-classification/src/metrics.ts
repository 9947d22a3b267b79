/** Binary-classification metrics, the positive class being 1. */
export function binaryMetrics(actual: readonly number[], predicted: readonly number[], positiveScores: readonly number[]) {
  let truePositive = 0;
  let falsePositive = 0;
  let falseNegative = 0;
  let trueNegative = 0;
  actual.forEach((label, index) => {
    const guess = predicted[index];
    if (label === 1 && guess === 1) truePositive++;
    else if (label === 0 && guess === 1) falsePositive++;
    else if (label === 1) falseNegative++;
    else trueNegative++;
  });
  const precision = truePositive / (truePositive + falsePositive);
  const recall = truePositive / (truePositive + falseNegative);
  return {
    accuracy: (truePositive + trueNegative) / actual.length,
    precision,
    recall,
    f1: (2 * precision * recall) / (precision + recall),
    auc: areaUnderRoc(actual, positiveScores),
    counts: [
      [trueNegative, falsePositive],
      [falseNegative, truePositive],
    ],
  };
}

/** ROC AUC as the probability that a random positive scores above a random negative (ties count half). */
export function areaUnderRoc(actual: readonly number[], scores: readonly number[]): number {
  let wins = 0;
  let pairs = 0;
  actual.forEach((label, index) => {
    if (label !== 1) return;
    actual.forEach((other, otherIndex) => {
      if (other !== 0) return;
      pairs++;
      const difference = scores[index]! - scores[otherIndex]!;
      wins += difference > 0 ? 1 : difference === 0 ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

/** The majority vote of the first `treeCount` trees for each row (ties go to the class voted first, as ml-random-forest does). */
export function voteOfFirstTrees(votes: readonly (readonly number[])[], treeCount: number): number[] {
  return votes.map((row) => {
    const counts = new Map<number, number>();
    let best = row[0]!;
    for (const vote of row.slice(0, treeCount)) {
      const count = (counts.get(vote) ?? 0) + 1;
      counts.set(vote, count);
      if (count > (counts.get(best) ?? 0)) best = vote;
    }
    return best;
  });
}

export function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
