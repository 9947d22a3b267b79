import { MLOpsError } from '@mlops-ts/core';
import { DecisionTreeClassifier, DecisionTreeRegression } from 'ml-cart';
import { kmeans } from 'ml-kmeans';
import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
import { RandomForestClassifier, RandomForestRegression } from 'ml-random-forest';
import MultivariateLinearRegression from 'ml-regression-multivariate-linear';
import { describe, expect, it } from 'vitest';

import { readOnnxSignature } from '../signature/read-onnx-signature.js';
import { detectOnnxExportKind, toOnnx } from './to-onnx.js';
import { makeBlobs, runOnnx, tensorLabels } from './test-support/parity-support.js';

const data = makeBlobs({ seed: 61, rows: 90, features: 3, classCount: 3, spread: 0.8 });

function trainedModels() {
  const logistic = new LogisticRegression({ numSteps: 300, learningRate: 5e-3 });
  logistic.train(new Matrix(data.trainX), Matrix.columnVector(data.trainY));
  const linear = new MultivariateLinearRegression(data.trainX, data.trainY.map((label) => [label]));
  const tree = new DecisionTreeClassifier();
  tree.train(data.trainX, data.trainY);
  const treeRegression = new DecisionTreeRegression();
  treeRegression.train(data.trainX, data.trainY);
  const forest = new RandomForestClassifier({ nEstimators: 5, seed: 1, noOOB: true });
  forest.train(data.trainX, data.trainY);
  const forestRegression = new RandomForestRegression({ nEstimators: 5, seed: 1, noOOB: true });
  forestRegression.train(data.trainX, data.trainY);
  return {
    'logistic-regression': { model: logistic, predict: (rows: number[][]) => logistic.predict(new Matrix(rows)) },
    'linear-regression': { model: linear, predict: undefined },
    kmeans: { model: kmeans(data.trainX, 3, { seed: 2 }), predict: undefined },
    'decision-tree-classifier': { model: tree, predict: (rows: number[][]) => tree.predict(rows) },
    'decision-tree-regression': { model: treeRegression, predict: undefined },
    'random-forest-classifier': { model: forest, predict: (rows: number[][]) => forest.predict(rows) },
    'random-forest-regression': { model: forestRegression, predict: undefined },
  } as const;
}

describe('toOnnx', () => {
  const models = trainedModels();

  it.each(Object.entries(models))('recognises a trained %s, and its JSON, and exports it', async (kind, { model, predict }) => {
    expect(detectOnnxExportKind(model)).toBe(kind);
    const json = JSON.parse(JSON.stringify('toJSON' in model ? model.toJSON() : model));
    expect(detectOnnxExportKind(json)).toBe(kind);

    const bytes = toOnnx(model, { featureCount: 3 });
    const { inputs, outputs } = readOnnxSignature(bytes);
    expect(inputs).toEqual([{ name: 'X', elementType: 'float32', shape: ['N', 3] }]);
    const isRegression = ['linear-regression', 'decision-tree-regression', 'random-forest-regression'].includes(kind);
    const expectedOutputs = isRegression ? ['variable'] : kind === 'kmeans' ? ['label', 'scores'] : ['label', 'probabilities'];
    expect(outputs.map((output) => output.name)).toEqual(expectedOutputs);
    if (predict) {
      const result = await runOnnx(bytes, data.testX);
      expect(tensorLabels(result.label!)).toEqual(predict(data.testX));
    }
  });

  it('refuses an unknown model with UNSUPPORTED naming the supported kinds', () => {
    // toOnnx is synchronous: toThrow fails the test when nothing is thrown, as rejects does for a promise.
    const attempt = () => toOnnx({ name: 'KNN', k: 3 });
    expect(attempt).toThrow(MLOpsError);
    expect(attempt).toThrow(expect.objectContaining({ code: 'UNSUPPORTED', message: expect.stringMatching(/cannot export a model named 'KNN'.*ml-logistic-regression.*ml-random-forest/) }));
    expect(() => toOnnx({ weights: [1, 2] })).toThrow(expect.objectContaining({ code: 'UNSUPPORTED', message: expect.stringMatching(/cannot export an object with keys weights/) }));
    expect(() => toOnnx(null)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/Expected a trained model object but got null/) }));
  });

  it('refuses options that do not apply to the model with INVALID_ARGUMENT', () => {
    expect(() => toOnnx(models['linear-regression'].model, { labels: ['a'] })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/labels apply to classifiers/) }),
    );
    expect(() => toOnnx(models['decision-tree-classifier'].model, { distance: 'euclidean' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/distance applies to k-means/) }),
    );
  });
});
