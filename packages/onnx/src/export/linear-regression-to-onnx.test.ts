import MultivariateLinearRegression from 'ml-regression-multivariate-linear';
import { describe, expect, it } from 'vitest';

import { linearRegressionToOnnx } from './linear-regression-to-onnx.js';
import { gaussian, maxAbsDiff, maxScaledDiff, runOnnx, seededRandom, split, tensorRows, toFloat32 } from './test-support/parity-support.js';

/** Rows of 5 float32 features and 2 targets: y = x·W + b + noise. */
function makeRegressionData(seed: number) {
  const random = seededRandom(seed);
  const weights = Array.from({ length: 5 }, () => [gaussian(random) * 3, gaussian(random)]);
  const x = Array.from({ length: 200 }, () => Array.from({ length: 5 }, () => toFloat32((random() - 0.5) * 10)));
  const y = x.map((row) => [0, 1].map((target) => 4 - 2 * target + row.reduce((sum, value, index) => sum + value * weights[index]![target]!, 0) + gaussian(random) * 0.1));
  const order = seededRandom(seed + 1);
  const rows = split(x, y.map((_, index) => index), 0.25, order);
  return { trainX: rows.trainX, trainY: rows.trainY.map((index) => y[index]!), testX: rows.testX };
}

describe('linearRegressionToOnnx', () => {
  it('matches the library on held-out rows for two outputs with an intercept', async () => {
    const data = makeRegressionData(21);
    const model = new MultivariateLinearRegression(data.trainX, data.trainY);
    const outputs = await runOnnx(linearRegressionToOnnx(model), data.testX);

    const expected = model.predict(data.testX);
    const actual = tensorRows(outputs.variable!);
    expect(outputs.variable!.dims).toEqual([data.testX.length, 2]);
    // The graph works in float64 and casts once to float32: a relative error of at most
    // 2^-24 (6e-8) of each prediction, so 1e-5 scaled by max(1, |y|) holds with margin.
    expect(maxScaledDiff(actual, expected)).toBeLessThan(1e-5);
    console.info(`linear regression max |Δ| = ${maxAbsDiff(actual, expected).toExponential(2)} (|y| up to ${Math.max(...expected.flat().map(Math.abs)).toFixed(1)})`);
  });

  it('matches the library without an intercept, from a JSON round trip', async () => {
    const data = makeRegressionData(22);
    const model = new MultivariateLinearRegression(data.trainX, data.trainY.map((row) => [row[0]!]), { intercept: false });
    const json = JSON.parse(JSON.stringify(model.toJSON())) as Parameters<typeof linearRegressionToOnnx>[0];
    const outputs = await runOnnx(linearRegressionToOnnx(json, { inputName: 'rows' }), data.testX, 'rows');
    expect(maxScaledDiff(tensorRows(outputs.variable!), model.predict(data.testX))).toBeLessThan(1e-5);
  });

  it('refuses weights that do not fit the declared inputs with INVALID_ARGUMENT', () => {
    expect(() => linearRegressionToOnnx({ weights: [[1], [2]], inputs: 3, outputs: 1, intercept: true })).toThrow(/does not fit inputs = 3/);
    expect(() => linearRegressionToOnnx({ weights: [[1], [2]], inputs: 1, outputs: 1, intercept: true }, { featureCount: 2 })).toThrow(
      /has exactly 1 feature\./,
    );
  });
});
