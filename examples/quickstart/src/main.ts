import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { MLOpsBuilder } from '@mlops-ts/core';
import { splitRows } from '@mlops-ts/example-support';
import { DecisionTreeClassifier } from 'ml-cart';
import { featureNames, loadIris, speciesNames, toFeatures, toLabels } from './iris.js';

const experiment = 'iris-species';
const hyperParameters = { algorithm: 'CART', gainFunction: 'gini', maxDepth: 5, minNumSamples: 3, split: { testFraction: 0.2, seed: 42 } } as const;

// Nothing configured: the embedded default, SQLite at ./mlops/mlops.db and model files under ./mlops/models.
await using mlops = await new MLOpsBuilder().build();

const { train, test } = splitRows(loadIris(), hyperParameters.split.testFraction, hyperParameters.split.seed);
const workDir = await mkdtemp(path.join(os.tmpdir(), 'mlops-quickstart-'));

const { run, artifact, accuracy } = await mlops.lifecycle.withRun(experiment, async (run) => {
  await mlops.training.logHyperParameters(run.id, hyperParameters);
  await mlops.data.logData(run.id, train, { name: 'train' });
  await mlops.data.logData(run.id, test, { name: 'test' });
  await mlops.data.logDataDistribution(run.id, train, 'species', { name: 'train' });
  await mlops.data.logDataDistribution(run.id, train, 'petalLength', { name: 'train' });

  const tree = new DecisionTreeClassifier({ gainFunction: hyperParameters.gainFunction, maxDepth: hyperParameters.maxDepth, minNumSamples: hyperParameters.minNumSamples });
  tree.train(toFeatures(train), toLabels(train));

  const predicted = tree.predict(toFeatures(test));
  const actual = toLabels(test);
  const counts = speciesNames.map(() => speciesNames.map(() => 0));
  actual.forEach((label, index) => counts[label]![predicted[index]!]!++);
  const accuracy = actual.filter((label, index) => label === predicted[index]).length / actual.length;
  const matrix = await mlops.evaluation.logConfusionMatrix(run.id, { labels: speciesNames, counts });
  const macroF1 = average(matrix.precision.map((precision, index) => harmonicMean(precision, matrix.recall[index]!)));
  await mlops.evaluation.logMetrics(run.id, { accuracy, macroF1, trainRows: train.length, testRows: test.length });

  const modelFile = path.join(workDir, 'iris-tree.json');
  await writeFile(modelFile, JSON.stringify(tree.toJSON()));
  const artifact = await mlops.model.upload(run.id, modelFile);
  await mlops.lifecycle.registerModelSchema(run.id, {
    inputs: [{ name: 'features', elementType: 'float64', shape: ['N', featureNames.length] }],
    outputs: [{ name: 'species', elementType: 'string', shape: ['N'] }],
  });
  await mlops.lifecycle.logPackageDependencies(run.id);
  return { run, artifact, accuracy };
});

const registered = await mlops.model.registerModel(experiment, artifact.id, 'quickstart', `Decision tree, accuracy ${accuracy.toFixed(3)}`);
const testTarget = await mlops.deployment.createDeploymentTarget('Test');
const production = await mlops.deployment.createDeploymentTarget('Production', { isProduction: true });
await mlops.deployment.deployModel(testTarget, registered, 'quickstart');
const deployment = await mlops.deployment.deployModel(production, registered, 'quickstart');

// Serve from what Production holds now, as an application would.
const served = DecisionTreeClassifier.load(JSON.parse(await text(await mlops.deployment.openDeployedModel(experiment, 'Production'))));
const sample = test[0]!;
const prediction = speciesNames[served.predict(toFeatures([sample]))[0]!];
await rm(workDir, { recursive: true, force: true });

const recorded = await mlops.lifecycle.getRun(run.id);
const dataSets = await mlops.data.getData(run.id);
const best = await mlops.lifecycle.getBestRun(experiment, 'accuracy', { goal: 'maximize' });
console.log(`MLOps.ts quickstart — experiment '${experiment}', run ${run.id}
  status            ${recorded.status} in ${recorded.trainingTimeMs} ms
  hyper-parameters  ${Object.entries(recorded.params).map(([key, value]) => `${key}=${value}`).join(', ')}
  metrics           ${Object.entries(recorded.metrics).map(([key, value]) => `${key}=${round(value)}`).join(', ')}
  data              ${dataSets.map((dataSet) => `${dataSet.name}: ${dataSet.rowCount} rows × ${dataSet.columns.length} columns, sha256 ${dataSet.sha256.slice(0, 12)}…`).join('; ')}
  model             ${artifact.name} (${artifact.sizeBytes} bytes, sha256 ${artifact.sha256.slice(0, 12)}…), registered as version ${registered.version}
  deployed          Test and Production → ${deployment.uri}
  prediction        ${JSON.stringify(Object.fromEntries(featureNames.map((name) => [name, sample[name]])))} → ${prediction} (actual ${sample.species})
  best run so far   ${best.id} with accuracy ${round(best.metrics.accuracy!)}
Everything is stored under ${path.resolve('mlops')}.`);

function average(values: number[]): number {
  const defined = values.filter((value) => !Number.isNaN(value));
  return defined.reduce((sum, value) => sum + value, 0) / defined.length;
}

function harmonicMean(a: number, b: number): number {
  return a + b === 0 ? 0 : (2 * a * b) / (a + b);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
