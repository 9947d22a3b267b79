import { DecisionTreeClassifier, DecisionTreeRegression } from 'ml-cart';
import { describe, expect, it } from 'vitest';

import { decisionTreeToOnnx } from './decision-tree-to-onnx.js';
import { readOnnxSignature } from '../signature/read-onnx-signature.js';
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

/** The leaf's class frequencies, padded to `classCount` (what `probabilities` should hold). */
function libraryProbabilities(tree: DecisionTreeClassifier, rows: number[][], classCount: number): number[][] {
  return rows.map((row) => {
    const distribution = tree.root.classify(row).to1DArray();
    return Array.from({ length: classCount }, (_, index) => distribution[index] ?? 0);
  });
}

describe('decisionTreeToOnnx', () => {
  it('matches DecisionTreeClassifier on held-out rows (labels exactly, probabilities within 1e-5)', async () => {
    const data = makeBlobs({ seed: 41, rows: 360, features: 4, classCount: 3, spread: 2.5 });
    const tree = new DecisionTreeClassifier({ maxDepth: 8 });
    tree.train(data.trainX, data.trainY);
    const outputs = await runOnnx(decisionTreeToOnnx(tree, { featureCount: 4 }), data.testX);

    expect(tensorLabels(outputs.label!)).toEqual(tree.predict(data.testX));
    // Leaf frequencies are float64 sums of 1/n stored as float32 weights: error ≤ 6e-8.
    const diff = maxAbsDiff(tensorRows(outputs.probabilities!), libraryProbabilities(tree, data.testX, 3));
    expect(diff).toBeLessThan(1e-5);
    console.info(`decision tree classifier max |Δ probability| = ${diff.toExponential(2)}`);
  });

  it('maps class indexes to string labels and keeps ties on the first class', async () => {
    const tree = DecisionTreeClassifier.load({
      name: 'DTClassifier',
      options: { kind: 'classifier' },
      root: {
        splitColumn: 1,
        splitValue: 0.5,
        left: { distribution: [[0.5, 0.5]] },
        right: { distribution: [[0.25, 0.25, 0.5]] },
      },
    });
    const rows = [[9, 0], [9, 1]];
    const outputs = await runOnnx(decisionTreeToOnnx(tree, { labels: ['low', 'mid', 'high'] }), rows);
    expect(tree.predict(rows)).toEqual([0, 2]);
    expect(tensorLabels(outputs.label!)).toEqual(['low', 'high']);
    expect(tensorRows(outputs.probabilities!)).toEqual([[0.5, 0.5, 0], [0.25, 0.25, 0.5]]);
  });

  it('matches DecisionTreeRegression on held-out rows', async () => {
    const random = seededRandom(42);
    const x = Array.from({ length: 300 }, () => [toFloat32(random() * 6), toFloat32(random() * 6 - 3)]);
    const y = x.map(([a, b]) => Math.sin(a!) * 10 + b! * b! + gaussian(random) * 0.2);
    const data = split(x, y, 0.25, random);
    const tree = new DecisionTreeRegression({ maxDepth: 10 });
    tree.train(data.trainX, data.trainY);
    const outputs = await runOnnx(decisionTreeToOnnx(tree), data.testX);

    const expected = tree.predict(data.testX).map((value) => [value]);
    const actual = tensorRows(outputs.variable!);
    // Leaf means are stored as float32: relative error ≤ 6e-8, so 1e-5 scaled by max(1, |y|).
    expect(maxScaledDiff(actual, expected)).toBeLessThan(1e-5);
    console.info(`decision tree regression max |Δ| = ${maxAbsDiff(actual, expected).toExponential(2)}`);
    expect(new Set(tree.predict(data.testX)).size).toBeGreaterThan(10);
  });

  it('keeps a split exact when its float64 value rounds down to float32, and sends NaN right', async () => {
    // fround(0.7) < 0.7, so the input 0.699999988 goes left in ml-cart; a threshold rounded
    // to nearest (0.699999988 itself) would send it right.
    const tree = DecisionTreeRegression.load({
      name: 'DTRegression',
      options: { kind: 'regression' },
      root: { splitColumn: 0, splitValue: 0.7, left: { distribution: -1 }, right: { distribution: 1 } },
    });
    // NaN fails `<` and goes right in both.
    const rows = [[Math.fround(0.7)], [0.7000000476837158], [0.5], [Number.NaN]];
    const outputs = await runOnnx(decisionTreeToOnnx(tree), rows);
    expect(tree.predict(rows)).toEqual([-1, 1, -1, 1]);
    expect(tensorRows(outputs.variable!).flat()).toEqual([-1, 1, -1, 1]);
  });

  it('declares the input width only when featureCount is given', () => {
    const tree = new DecisionTreeRegression();
    tree.train([[0, 1], [1, 0], [2, 1], [3, 0], [4, 1], [5, 0]], [0, 0, 0, 1, 1, 1]);
    expect(readOnnxSignature(decisionTreeToOnnx(tree)).inputs[0]!.shape).toEqual(['N', null]);
    expect(readOnnxSignature(decisionTreeToOnnx(tree, { featureCount: 2 })).inputs[0]!.shape).toEqual(['N', 2]);
  });
});
