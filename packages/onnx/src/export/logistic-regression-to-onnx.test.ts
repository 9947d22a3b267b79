import { MLOpsError } from '@mlops-ts/core';
import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';

import { logisticRegressionToOnnx } from './logistic-regression-to-onnx.js';
import { makeBlobs, maxAbsDiff, runOnnx, tensorLabels, tensorRows } from './test-support/parity-support.js';

function train(classCount: number, seed: number) {
  const data = makeBlobs({ seed, rows: 240, features: 4, classCount, spread: 1.5 });
  const model = new LogisticRegression({ numSteps: 1500, learningRate: 5e-3 });
  model.train(new Matrix(data.trainX), Matrix.columnVector(data.trainY));
  return { model, data };
}

/** The library's own class probabilities: 1 − testScores, since classifier j scores "not class j". */
function libraryProbabilities(model: LogisticRegression, rows: number[][]): number[][] {
  const perClass = model.classifiers.map((classifier) => classifier.testScores(new Matrix(rows)));
  return rows.map((_, row) => perClass.map((scores) => 1 - scores[row]!));
}

describe('logisticRegressionToOnnx', () => {
  it('matches the library on held-out rows for 3 classes (labels exactly, probabilities within 1e-5)', async () => {
    const { model, data } = train(3, 11);
    const outputs = await runOnnx(logisticRegressionToOnnx(model), data.testX);

    expect(tensorLabels(outputs.label!)).toEqual(model.predict(new Matrix(data.testX)));
    // The graph computes in float64 from the same float32-representable inputs, so the only
    // difference is the final cast of the probabilities to float32 (< 6e-8 for values in [0, 1]).
    const diff = maxAbsDiff(tensorRows(outputs.probabilities!), libraryProbabilities(model, data.testX));
    expect(diff).toBeLessThan(1e-5);
    console.info(`logistic regression (3 classes) max |Δ probability| = ${diff.toExponential(2)}`);
    // The held-out rows are not trivially one class: the parity covers several predicted labels.
    expect(new Set(model.predict(new Matrix(data.testX))).size).toBe(3);
  });

  it('matches the library for 2 classes, with string labels, from a JSON round trip', async () => {
    const { model, data } = train(2, 5);
    const json = JSON.parse(JSON.stringify(model.toJSON())) as Parameters<typeof logisticRegressionToOnnx>[0];
    const outputs = await runOnnx(logisticRegressionToOnnx(json, { labels: ['no', 'yes'], inputName: 'features' }), data.testX, 'features');

    const expected = model.predict(new Matrix(data.testX)).map((index) => ['no', 'yes'][index]);
    expect(tensorLabels(outputs.label!)).toEqual(expected);
    expect(maxAbsDiff(tensorRows(outputs.probabilities!), libraryProbabilities(model, data.testX))).toBeLessThan(1e-5);
  });

  it('keeps the library tie-break where float64 sigmoids saturate: the first tied class wins', async () => {
    // Logits 60, 40, 50 all give sigmoid = 1 exactly in float64, so the library predicts class 0,
    // although class 1 has the smallest logit (an arg-max over raw scores would say 1).
    const model = LogisticRegression.load({
      name: 'LogisticRegression',
      numberClasses: 3,
      classifiers: [{ weights: [[60, 0]] }, { weights: [[40, 0]] }, { weights: [[50, 0]] }],
    });
    // Row 2 (logits −60, −40, −50) and row 3 (0.6, 0.4, 0.5) do not saturate: the smallest logit wins.
    const rows = [[1, 0], [-1, 0], [0.01, 5]];
    const outputs = await runOnnx(logisticRegressionToOnnx(model, { labels: [10, 20, 30] }), rows);
    expect(model.predict(new Matrix(rows))).toEqual([0, 0, 1]);
    expect(tensorLabels(outputs.label!)).toEqual([10, 10, 20]);
  });

  it('refuses an untrained model and a wrong labels count with INVALID_ARGUMENT', () => {
    expect(() => logisticRegressionToOnnx(new LogisticRegression())).toThrow(MLOpsError);
    const { model } = train(2, 3);
    expect(() => logisticRegressionToOnnx(model, { labels: ['a'] })).toThrow(/labels has 1 entries but the model has 2 classes/);
    expect(() => logisticRegressionToOnnx(model, { featureCount: 5 })).toThrow(/has exactly 4 features/);
    expect(() => logisticRegressionToOnnx(model, { inputName: 'label' })).toThrow(/also the name of an output/);
  });
});
