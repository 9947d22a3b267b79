import path from 'node:path';
import { buildMLOpsFromEnvironment, loadPenguins, splitRows } from '@mlops-ts/example-support';
import { loadDeployedModel, logisticRegressionToOnnx, uploadOnnxModel } from '@mlops-ts/onnx';
import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
import { columnScales, featureNames, scaleRows, speciesNames, toFeatures, toLabel } from './features.js';
import { accuracyOf, confusionCounts, macroF1, round } from './metrics.js';

// Multiclass classification: which of three species is a penguin, from four measurements?
const experiment = 'penguin-species';
const hyperParameters = {
  algorithm: 'LogisticRegression (one-vs-rest)',
  learningRate: 0.01,
  // Gradient steps at which the curve is recorded; the model of the last one is kept.
  stepCheckpoints: [25, 50, 100, 200, 400, 800],
  featureScaling: 'divide by the largest training value, folded into the exported weights',
  split: { testFraction: 0.25, seed: 11 },
} as const;

const started = performance.now();
const { mlops, description } = await buildMLOpsFromEnvironment();
const penguins = await loadPenguins();
const { train, test } = splitRows(penguins, hyperParameters.split.testFraction, hyperParameters.split.seed);
const trainX = train.map(toFeatures);
const testX = test.map(toFeatures);
const trainY = train.map(toLabel);
const testY = test.map(toLabel);
const scales = columnScales(trainX);
const scaledTrain = new Matrix(scaleRows(trainX, scales));
const scaledTest = new Matrix(scaleRows(testX, scales));

const { run, artifact, accuracy, counts, predicted } = await mlops.lifecycle.withRun(experiment, async (run, logger) => {
  await mlops.training.logHyperParameters(run.id, { ...hyperParameters, featureScales: scales });
  await mlops.data.logData(run.id, train, { name: 'train' });
  await mlops.data.logData(run.id, test, { name: 'test' });
  for (const column of ['species', 'island', ...featureNames]) await mlops.data.logDataDistribution(run.id, train, column, { name: 'train' });

  // ml-logistic-regression has no per-step callback: train to each checkpoint and record the curve there.
  let model!: LogisticRegression;
  for (const numSteps of hyperParameters.stepCheckpoints) {
    model = new LogisticRegression({ numSteps, learningRate: hyperParameters.learningRate });
    model.train(scaledTrain, Matrix.columnVector(trainY));
    logger.logMetric('train_accuracy', accuracyOf(trainY, model.predict(scaledTrain)), { step: numSteps });
    logger.logMetric('test_accuracy', accuracyOf(testY, model.predict(scaledTest)), { step: numSteps });
  }

  const predicted = model.predict(scaledTest);
  const counts = confusionCounts(testY, predicted, speciesNames.length);
  const accuracy = accuracyOf(testY, predicted);
  await mlops.evaluation.logMetrics(run.id, { accuracy, macroF1: macroF1(counts) });
  await mlops.evaluation.logConfusionMatrix(run.id, { labels: [...speciesNames], counts });

  // Fold the scales into the weights: w · (x / s) = (w / s) · x, so the model takes raw measurements.
  const classifiers = model.classifiers.map((classifier) => ({ weights: [classifier.weights.to1DArray().map((weight, column) => weight / scales[column]!)] }));
  const bytes = logisticRegressionToOnnx({ numberClasses: model.numberClasses, classifiers }, { labels: [...speciesNames] });
  const { artifact } = await uploadOnnxModel(mlops, run.id, bytes, { name: 'penguin-species.onnx' });
  await mlops.lifecycle.logPackageDependencies(run.id);
  return { run, artifact, accuracy, counts, predicted };
});

const registered = await mlops.model.registerModel(experiment, artifact.id, 'multiclass-classification', `Logistic regression, accuracy ${round(accuracy)}`);
const testTarget = await mlops.deployment.createDeploymentTarget('Test');
const deployment = await mlops.deployment.deployModel(testTarget, registered, 'multiclass-classification');

// Serve what Test holds now, as an application would: raw measurements in, species and probabilities out.
const predictor = await loadDeployedModel(mlops, { experiment, target: 'Test', pollIntervalMs: 0 });
const samples = speciesNames.map((name) => test.find((penguin) => penguin.species === name)!);
const predictions = await predictor.predictBatch(samples.map((penguin) => ({ X: toFeatures(penguin) })));
const served = await predictor.predict({ X: testX });
const agreeing = (served.label as string[]).filter((label, index) => label === speciesNames[predicted[index]!]).length;
const info = predictor.info();
await predictor.close();

const schema = await mlops.lifecycle.getModelSchema(run.id);
const dataSets = await mlops.data.getData(run.id);
const recorded = await mlops.lifecycle.getRun(run.id);
const curve = await mlops.evaluation.getMetricHistory(run.id, 'test_accuracy');
console.log(`MLOps.ts multiclass classification — experiment '${experiment}', run ${run.id}
  store             ${description}
  data              ${dataSets.map((dataSet) => `${dataSet.name} ${dataSet.rowCount} rows × ${dataSet.columns.length} columns (sha256 ${dataSet.sha256.slice(0, 12)}…)`).join('; ')}
  training          ${recorded.trainingTimeMs} ms; held-out accuracy by gradient steps: ${curve.map((point) => `${point.step} → ${round(point.value)}`).join(', ')}
  metrics           accuracy=${round(recorded.metrics.accuracy!)}, macroF1=${round(recorded.metrics.macroF1!)}
  confusion matrix  ${speciesNames.map((label, index) => `${label}: ${counts[index]!.join(' / ')}`).join(', ')} (actual: predicted ${speciesNames.join(' / ')})
  model             ${artifact.name} (${artifact.sizeBytes} bytes), input ${schema.inputs.map((input) => `${input.name} ${input.elementType} [${input.shape.join(', ')}]`).join(', ')}, outputs ${schema.outputs.map((output) => output.name).join(', ')}
  registered        version ${registered.version}, deployed to Test (${path.basename(deployment.uri ?? '')}), serving version ${info.version}
  predictions       ${samples.map((penguin, index) => `${penguin.beakLengthMm}/${penguin.beakDepthMm}/${penguin.flipperLengthMm} mm ${penguin.bodyMassG} g → ${predictions[index]!.label} (actual ${penguin.species})`).join('; ')}
  ONNX vs library   ${agreeing}/${testX.length} held-out rows labelled alike
Done in ${Math.round(performance.now() - started)} ms.`);
await mlops.close();
