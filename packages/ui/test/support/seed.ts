import { MLOpsBuilder, type MLOpsContext } from '@mlops-ts/core';
import { linearRegressionToOnnx, uploadOnnxModel } from '@mlops-ts/onnx';
import '@mlops-ts/sqlite';

/** Where the seeded store lives: a SQLite file and a folder of model files. */
export interface StorePaths {
  databasePath: string;
  modelsPath: string;
}

/** The seeded store, opened with the library as a user's script opens it. */
export function openStore(paths: StorePaths): Promise<MLOpsContext> {
  return new MLOpsBuilder({ captureRunContext: false }).useSQLite({ path: paths.databasePath }).useLocalFileModelRepository(paths.modelsPath).useOnnx().build();
}

/** y = factor · x as an ONNX model (input X [N, 1], output variable [N, 1]). */
export function scaleModel(factor: number): Uint8Array {
  return linearRegressionToOnnx({ weights: [[factor], [0]], inputs: 1, outputs: 1, intercept: true });
}

/** What the tests know of the seeded data. */
export interface Seeded {
  experimentId: string;
  otherExperimentId: string;
  /** Run names to ids. */
  runs: Record<string, string>;
  /** The loss history of 'run-07': steps 0..399. */
  lossHistory: { step: number; value: number }[];
  /** The long history of 'run-07': 5,000 steps of 'long_metric'. */
  longHistorySteps: number;
  confusion: { labels: string[]; counts: number[][] };
  registeredModelId: string;
}

export const lossAt = (run: number, step: number) => 1 / (1 + 0.01 * step * (1 + run / 10));

/**
 * An 'iris' experiment of 24 runs (params, metrics with history, tags, context tags), two
 * nested under 'run-01', one deleted; a confusion matrix, a data set with distributions, an
 * ONNX artifact with its schema and dependencies; the registered model 'iris-classifier'
 * with versions 1 (y = 2x) and 2 (y = 3x), @champion on 1, and Production serving 1.
 */
export async function seedStore(mlops: MLOpsContext): Promise<Seeded> {
  const experiment = await mlops.lifecycle.createExperiment('iris', { description: 'Iris species, seeded for the browser tests', tags: { team: 'vision' } });
  const other = await mlops.lifecycle.createExperiment('mnist');
  const runs: Record<string, string> = {};
  const optimizers = ['adam', 'sgd', 'rmsprop'];
  for (let index = 1; index <= 24; index++) {
    const name = `run-${String(index).padStart(2, '0')}`;
    const run = await mlops.lifecycle.createRun(experiment.id, {
      name,
      tags: { 'mlops.user': 'ada', 'mlops.git.branch': 'main', owner: index % 2 === 0 ? 'ada' : 'bob' },
      ...(index === 23 || index === 24 ? { parentRunId: runs['run-01']! } : {}),
    } as never);
    runs[name] = run.id;
    await mlops.training.logHyperParameters(run.id, { learning_rate: (0.001 * index).toFixed(3), optimizer: optimizers[index % 3]!, epochs: String(10 + index) });
    await mlops.evaluation.logMetrics(run.id, Array.from({ length: 400 }, (_, step) => ({ key: 'loss', value: lossAt(index, step), step })));
    await mlops.evaluation.logMetrics(run.id, { accuracy: 0.5 + index / 50, f1: 0.4 + index / 60 });
    await mlops.lifecycle.endRun(run.id);
  }
  const seven = runs['run-07']!;
  const longHistorySteps = 5_000;
  await mlops.evaluation.logMetrics(seven, Array.from({ length: longHistorySteps }, (_, step) => ({ key: 'long_metric', value: Math.sin(step / 50) + step / longHistorySteps, step })));
  const confusion = { labels: ['setosa', 'versicolor', 'virginica'], counts: [[13, 1, 0], [2, 11, 3], [0, 4, 16]] };
  await mlops.evaluation.logConfusionMatrix(seven, confusion);
  const rows = Array.from({ length: 150 }, (_, index) => ({ sepal_length: 4.3 + (index % 36) / 10, species: confusion.labels[index % 3]! }));
  await mlops.data.logData(seven, rows, { name: 'train' });
  await mlops.data.logDataDistribution(seven, rows, 'sepal_length', { name: 'train' });
  await mlops.data.logDataDistribution(seven, rows, 'species', { name: 'train' });
  await mlops.lifecycle.logPackageDependencies(seven, { '@mlops-ts/core': '0.1.0', 'ml-matrix': '6.12.0' });
  const first = await uploadOnnxModel(mlops, seven, scaleModel(2), { name: 'model.onnx' });
  const second = await uploadOnnxModel(mlops, runs['run-08']!, scaleModel(3), { name: 'model.onnx' });
  const v1 = await mlops.model.registerModel(experiment.id, first.artifact.id, 'ada', { model: 'iris-classifier', description: 'y = 2x' });
  await mlops.model.registerModel(experiment.id, second.artifact.id, 'bob', { model: 'iris-classifier', description: 'y = 3x', tags: { stage: 'candidate' } });
  await mlops.model.setAlias('iris-classifier', 'champion', 1);
  const production = await mlops.deployment.createDeploymentTarget('Production', { isProduction: true } as never);
  await mlops.deployment.createDeploymentTarget('Test');
  await mlops.deployment.deployModel(production.id, v1.id, 'ada');
  await mlops.lifecycle.deleteRun(runs['run-24']!);
  const otherRun = await mlops.lifecycle.createRun(other.id, { name: 'mnist-run' } as never);
  await mlops.evaluation.logMetric(otherRun.id, 'digits_accuracy', 0.97);
  return {
    experimentId: experiment.id,
    otherExperimentId: other.id,
    runs,
    lossHistory: Array.from({ length: 400 }, (_, step) => ({ step, value: lossAt(7, step) })),
    longHistorySteps,
    confusion,
    registeredModelId: v1.registeredModelId,
  };
}
