import { RandomForestClassifier, RandomForestRegression } from 'ml-random-forest';
import { describe, expect, it } from 'vitest';

import { readOnnxSignature } from '../signature/read-onnx-signature.js';
import { randomForestToOnnx } from './random-forest-to-onnx.js';
import {
  gaussian,
  makeBlobs,
  maxAbsDiff,
  maxScaledDiff,
  runOnnx,
  seededRandom,
  split,
  tensorLabels,
  tensorRows,
  toFloat32,
} from './test-support/parity-support.js';

/** Vote shares per class from the library's own per-tree predictions. */
function voteShares(forest: RandomForestClassifier, rows: number[][], classCount: number): number[][] {
  const perTree = forest.predictionValues(rows).to2DArray();
  return perTree.map((votes) => Array.from({ length: classCount }, (_, label) => votes.filter((vote) => vote === label).length / votes.length));
}

function makeRegressionRows(seed: number) {
  const random = seededRandom(seed);
  const x = Array.from({ length: 240 }, () => [toFloat32(random() * 4), toFloat32(random() * 4), toFloat32(random())]);
  const y = x.map(([a, b, c]) => a! * 3 - b! * b! + 5 * c! + gaussian(random) * 0.3);
  return split(x, y, 0.25, random);
}

describe('randomForestToOnnx', () => {
  it('matches RandomForestClassifier on held-out rows, with per-tree feature subsets drawn with replacement', async () => {
    const data = makeBlobs({ seed: 51, rows: 300, features: 4, classCount: 3, spread: 2.5 });
    const forest = new RandomForestClassifier({ nEstimators: 25, maxFeatures: 0.75, seed: 9, treeOptions: { maxDepth: 6 } });
    forest.train(data.trainX, data.trainY);
    const outputs = await runOnnx(randomForestToOnnx(forest), data.testX);

    expect(tensorLabels(outputs.label!)).toEqual(forest.predict(data.testX));
    // Vote shares are small integers over 25, computed exactly and cast to float32.
    const diff = maxAbsDiff(tensorRows(outputs.probabilities!), voteShares(forest, data.testX, 3));
    expect(diff).toBeLessThan(1e-5);
    console.info(`random forest classifier max |Δ probability| = ${diff.toExponential(2)}`);
    expect(readOnnxSignature(randomForestToOnnx(forest)).inputs[0]!.shape).toEqual(['N', 4]);
  });

  it('breaks vote ties like ml-array-mode: the class that reached the top count first wins', async () => {
    // Four trees split column 0 at 0.5; the left row gets votes [1, 0, 1, 0] (class 1 reaches
    // two votes first), the right row [0, 2, 2, 0] (class 2 does). A lowest-index tie-break says 0.
    const leavesPerTree = [[1, 0], [0, 2], [1, 2], [0, 0]];
    const oneHot = (label: number) => [Array.from({ length: label + 1 }, (_, index) => (index === label ? 1 : 0))];
    const forest = RandomForestClassifier.load({
      name: 'RFClassifier',
      baseModel: {
        isClassifier: true,
        nEstimators: 4,
        indexes: leavesPerTree.map(() => [0]),
        estimators: leavesPerTree.map(([left, right]) => ({
          name: 'DTClassifier',
          options: { kind: 'classifier' },
          root: { splitColumn: 0, splitValue: 0.5, left: { distribution: oneHot(left!) }, right: { distribution: oneHot(right!) } },
        })),
      },
    } as never);
    const rows = [[0], [1]];
    expect(forest.predict(rows)).toEqual([1, 2]);
    const outputs = await runOnnx(randomForestToOnnx(forest, { labels: ['a', 'b', 'c'] }), rows);
    expect(tensorLabels(outputs.label!)).toEqual(['b', 'c']);
    expect(tensorRows(outputs.probabilities!)).toEqual([[0.5, 0.5, 0], [0.5, 0, 0.5]]);
  });

  it('matches RandomForestRegression (mean) on held-out rows, from a JSON round trip', async () => {
    const data = makeRegressionRows(52);
    const forest = new RandomForestRegression({ nEstimators: 20, maxFeatures: 2, seed: 4 });
    forest.train(data.trainX, data.trainY);
    const json = JSON.parse(JSON.stringify(forest.toJSON()));
    const outputs = await runOnnx(randomForestToOnnx(json, { featureCount: 3 }), data.testX);

    const expected = forest.predict(data.testX).map((value) => [value]);
    const actual = tensorRows(outputs.variable!);
    // Leaf means are float32 weights (≤ 6e-8 relative each), averaged in float64, cast once.
    expect(maxScaledDiff(actual, expected)).toBeLessThan(1e-5);
    console.info(`random forest regression (mean) max |Δ| = ${maxAbsDiff(actual, expected).toExponential(2)}`);
  });

  it('matches RandomForestRegression (median of an even tree count: the lower middle value)', async () => {
    // noOOB: the library's out-of-bag pass takes the median of an empty list for rows every tree saw, and throws.
    const data = makeRegressionRows(53);
    const forest = new RandomForestRegression({ nEstimators: 10, selectionMethod: 'median', seed: 5, noOOB: true });
    forest.train(data.trainX, data.trainY);
    const outputs = await runOnnx(randomForestToOnnx(forest), data.testX);

    const expected = forest.predict(data.testX).map((value) => [value]);
    const actual = tensorRows(outputs.variable!);
    expect(maxScaledDiff(actual, expected)).toBeLessThan(1e-5);
    console.info(`random forest regression (median) max |Δ| = ${maxAbsDiff(actual, expected).toExponential(2)}`);
  });
});
