/** A classifier over four blob features with its training data logged, for the monitoring suites. */
import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';

import { logisticRegressionToOnnx, uploadOnnxModel } from '../../src/index.js';
import { makeBlobs } from '../../src/export/test-support/parity-support.js';
import { speciesLabels, type TestContext } from './onnx-fixtures.js';

export const features = ['f0', 'f1', 'f2', 'f3'];
/** 900 training rows and 300 held-out rows of three blobs; held-out rows are in-distribution traffic. */
export const data = makeBlobs({ seed: 11, rows: 1200, features: 4, classCount: 3, spread: 0.6 });
const model = new LogisticRegression({ numSteps: 300, learningRate: 5e-3 });
model.train(new Matrix(data.trainX), Matrix.columnVector(data.trainY));
const bytes = logisticRegressionToOnnx(model, { labels: [...speciesLabels] });
const trainRows = data.trainX.map((row, index) => ({ ...Object.fromEntries(features.map((name, column) => [name, row[column]])), species: speciesLabels[data.trainY[index]!] }));

/** Held-out rows moved by three spreads in every feature: traffic the model was not trained on. */
export function shiftedRows(count = 300): number[][] {
  return data.testX.slice(0, count).map((row) => row.map((value) => value + 1.8));
}

/** Records the training data (unless told not to), uploads, registers with the given training-data options and deploys to 'Production'. */
export async function deployWithTrainingData(
  context: TestContext,
  experiment: string,
  registration: { dataSet?: string; features?: string[]; label?: string },
  logTrainingData = true,
): Promise<void> {
  const { mlops } = context;
  const run = await mlops.lifecycle.createRun(experiment);
  if (logTrainingData) {
    await mlops.data.logData(run.id, trainRows, { name: 'train' });
    for (const column of [...features, 'species']) await mlops.data.logDataDistribution(run.id, trainRows, column, { name: 'train' });
  }
  const { artifact } = await uploadOnnxModel(mlops, run.id, bytes, { name: 'model.onnx' });
  const version = await mlops.model.registerModel(experiment, artifact.id, 'test', registration);
  await mlops.deployment.deployModel('Production', version, 'test');
}
