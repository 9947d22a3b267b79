import path from 'node:path';
import { buildMLOpsFromEnvironment, loadPenguins, splitRows } from '@mlops-ts/example-support';
import { loadDeployedModel, randomForestToOnnx, uploadOnnxModel } from '@mlops-ts/onnx';
import { RandomForestClassifier } from 'ml-random-forest';
import { featureNames, sexLabels, toFeatures, toLabel } from './features.js';
import { binaryMetrics, round, voteOfFirstTrees } from './metrics.js';

// Binary classification: is a penguin female or male, from its measurements and species?
const experiment = 'penguin-sex';
const hyperParameters = {
  algorithm: 'RandomForestClassifier',
  nEstimators: 60,
  maxFeatures: 0.8,
  seed: 42,
  treeOptions: { maxDepth: 8, minNumSamples: 3 },
  split: { testFraction: 0.25, seed: 7 },
} as const;

const started = performance.now();
const { mlops, description } = await buildMLOpsFromEnvironment();
const penguins = await loadPenguins();
const { train, test } = splitRows(penguins, hyperParameters.split.testFraction, hyperParameters.split.seed);
const trainX = train.map(toFeatures);
const testX = test.map(toFeatures);
const testY = test.map(toLabel);

const { run, artifact, metrics, curve, predicted } = await mlops.lifecycle.withRun(experiment, async (run, logger) => {
  await mlops.training.logHyperParameters(run.id, hyperParameters);
  await mlops.data.logData(run.id, train, { name: 'train' });
  await mlops.data.logData(run.id, test, { name: 'test' });
  for (const column of ['sex', 'species', 'bodyMassG', 'beakDepthMm']) await mlops.data.logDataDistribution(run.id, train, column, { name: 'train' });

  const { split: _split, algorithm: _algorithm, ...options } = hyperParameters;
  const forest = new RandomForestClassifier({ ...options, treeOptions: { ...options.treeOptions } });
  forest.train(trainX, train.map(toLabel));

  // The forest's learning curve: held-out accuracy of the vote of the first k trees, one step per tree.
  const votes = forest.predictionValues(testX).to2DArray();
  const curve: number[] = [];
  for (let trees = 1; trees <= hyperParameters.nEstimators; trees++) {
    const predicted = voteOfFirstTrees(votes, trees);
    const accuracy = predicted.filter((label, index) => label === testY[index]).length / testY.length;
    curve.push(accuracy);
    logger.logMetric('test_accuracy_by_trees', accuracy, { step: trees });
  }

  const predicted = forest.predict(testX);
  const maleShare = votes.map((row) => row.filter((vote) => vote === 1).length / row.length);
  const metrics = binaryMetrics(testY, predicted, maleShare);
  await mlops.evaluation.logMetrics(run.id, { accuracy: metrics.accuracy, precision: metrics.precision, recall: metrics.recall, f1: metrics.f1, auc: metrics.auc });
  await mlops.evaluation.logConfusionMatrix(run.id, { labels: [...sexLabels], counts: metrics.counts });

  const { artifact } = await uploadOnnxModel(mlops, run.id, randomForestToOnnx(forest, { featureCount: featureNames.length, labels: [...sexLabels] }), { name: 'penguin-sex.onnx' });
  await mlops.lifecycle.logPackageDependencies(run.id);
  return { run, artifact, metrics, curve, predicted };
});

const registered = await mlops.model.registerModel(experiment, artifact.id, 'binary-classification', `Random forest, accuracy ${round(metrics.accuracy)}`);
const testTarget = await mlops.deployment.createDeploymentTarget('Test');
const deployment = await mlops.deployment.deployModel(testTarget, registered, 'binary-classification');

// Serve what Test holds now, as an application would.
const predictor = await loadDeployedModel(mlops, { experiment, target: 'Test', pollIntervalMs: 0 });
const samples = test.slice(0, 3);
const predictions = await predictor.predictBatch(samples.map((penguin) => ({ X: toFeatures(penguin) })));
const served = await predictor.predict({ X: testX });
const agreeing = (served.label as string[]).filter((label, index) => label === sexLabels[predicted[index]!]).length;
const info = predictor.info();
await predictor.close();

const schema = await mlops.lifecycle.getModelSchema(run.id);
const dataSets = await mlops.data.getData(run.id);
const recorded = await mlops.lifecycle.getRun(run.id);
console.log(`MLOps.ts binary classification — experiment '${experiment}', run ${run.id}
  store             ${description}
  data              ${dataSets.map((dataSet) => `${dataSet.name} ${dataSet.rowCount} rows × ${dataSet.columns.length} columns (sha256 ${dataSet.sha256.slice(0, 12)}…)`).join('; ')}
  training          ${hyperParameters.nEstimators} trees in ${recorded.trainingTimeMs} ms; held-out accuracy by trees: 1 → ${round(curve[0]!)}, 10 → ${round(curve[9]!)}, ${curve.length} → ${round(curve.at(-1)!)}
  metrics           ${['accuracy', 'precision', 'recall', 'f1', 'auc'].map((key) => `${key}=${round(recorded.metrics[key]!)}`).join(', ')}
  confusion matrix  ${sexLabels.map((label, index) => `${label}: ${metrics.counts[index]!.join(' / ')}`).join(', ')} (actual: predicted female / male)
  model             ${artifact.name} (${artifact.sizeBytes} bytes), input ${schema.inputs.map((input) => `${input.name} ${input.elementType} [${input.shape.join(', ')}]`).join(', ')}, outputs ${schema.outputs.map((output) => output.name).join(', ')}
  registered        version ${registered.version}, deployed to Test (${path.basename(deployment.uri ?? '')}), serving version ${info.version}
  predictions       ${samples.map((penguin, index) => `${penguin.species} ${penguin.bodyMassG} g → ${predictions[index]!.label} (${round(Math.max(...(predictions[index]!.probabilities as number[])), 2)}; actual ${penguin.sex})`).join('; ')}
  ONNX vs library   ${agreeing}/${testX.length} held-out rows labelled alike
Done in ${Math.round(performance.now() - started)} ms.`);
await mlops.close();
