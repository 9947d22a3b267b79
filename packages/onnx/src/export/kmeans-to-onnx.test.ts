import { MLOpsError } from '@mlops-ts/core';
import { kmeans } from 'ml-kmeans';
import { describe, expect, it } from 'vitest';

import { kmeansToOnnx } from './kmeans-to-onnx.js';
import { makeBlobs, maxAbsDiff, maxScaledDiff, runOnnx, tensorLabels, tensorRows } from './test-support/parity-support.js';

describe('kmeansToOnnx', () => {
  it('assigns held-out rows to the same centroids as result.nearest, with the same squared distances', async () => {
    const data = makeBlobs({ seed: 31, rows: 400, features: 3, classCount: 4, spread: 1.2 });
    const result = kmeans(data.trainX, 4, { seed: 7 });
    const outputs = await runOnnx(kmeansToOnnx(result), data.testX);

    expect(tensorLabels(outputs.label!)).toEqual(result.nearest(data.testX));
    const expected = data.testX.map((row) => result.centroids.map((centroid) => result.distance(row, centroid)));
    const actual = tensorRows(outputs.scores!);
    // Distances are computed in float64 and cast once to float32 (relative error ≤ 6e-8), so
    // the check is 1e-5 scaled by max(1, distance): squared distances here reach ~100.
    expect(maxScaledDiff(actual, expected)).toBeLessThan(1e-5);
    console.info(`k-means max |Δ score| = ${maxAbsDiff(actual, expected).toExponential(2)}`);
    expect(new Set(result.nearest(data.testX)).size).toBe(4);
  });

  it('breaks an exact tie towards the first centroid, as the library does', async () => {
    const result = { centroids: [[0, 0], [2, 0], [1, 5]] };
    const outputs = await runOnnx(kmeansToOnnx(result), [[1, 0], [1.5, 0], [1, 3]]);
    expect(tensorLabels(outputs.label!)).toEqual([0, 1, 2]);
    expect(tensorRows(outputs.scores!)[0]).toEqual([1, 1, 25]);
  });

  it('exports Euclidean distances when the clustering used them', async () => {
    const data = makeBlobs({ seed: 32, rows: 120, features: 2, classCount: 3 });
    const euclidean = (p: number[], q: number[]) => Math.sqrt(p.reduce((sum, value, index) => sum + (value - q[index]!) ** 2, 0));
    const result = kmeans(data.trainX, 3, { seed: 3, distanceFunction: euclidean });
    const outputs = await runOnnx(kmeansToOnnx(result), data.testX);
    expect(tensorLabels(outputs.label!)).toEqual(result.nearest(data.testX));
    const expected = data.testX.map((row) => result.centroids.map((centroid) => euclidean(row, centroid)));
    expect(maxScaledDiff(tensorRows(outputs.scores!), expected)).toBeLessThan(1e-5);
  });

  it('refuses a custom distance function with UNSUPPORTED', () => {
    const manhattan = (p: number[], q: number[]) => p.reduce((sum, value, index) => sum + Math.abs(value - q[index]!), 0);
    const error = (() => {
      try {
        kmeansToOnnx({ centroids: [[0, 1]], distance: manhattan });
      } catch (caught) {
        return caught;
      }
    })();
    expect(MLOpsError.hasCode(error, 'UNSUPPORTED')).toBe(true);
    expect((error as Error).message).toMatch(/'manhattan'/);
  });
});
