import path from 'node:path';
import { buildMLOpsFromEnvironment, splitRows } from '@mlops-ts/example-support';
import { linearRegressionToOnnx, loadDeployedModel, uploadOnnxModel } from '@mlops-ts/onnx';
import MultivariateLinearRegression from 'ml-regression-multivariate-linear';
import { loadCars } from './cars.js';
import { featureNames, regressionMetrics, round, toFeatures } from './features.js';

// Regression: a car's fuel economy (miles per gallon) from its engine, weight, year and origin.
const experiment = 'car-mpg';
const hyperParameters = {
  algorithm: 'MultivariateLinearRegression (least squares)',
  intercept: true,
  // Training-set sizes of the learning curve (the fit is closed-form, so it has no epochs).
  learningCurveSizes: [25, 50, 100, 200],
  split: { testFraction: 0.25, seed: 5 },
} as const;

const started = performance.now();
const { mlops, description } = await buildMLOpsFromEnvironment();
const cars = await loadCars();
const { train, test } = splitRows(cars, hyperParameters.split.testFraction, hyperParameters.split.seed);
const trainX = train.map(toFeatures);
const testX = test.map(toFeatures);
const trainY = train.map((car) => [car.milesPerGallon]);
const testY = test.map((car) => car.milesPerGallon);

const { run, artifact, metrics, predicted, weights } = await mlops.lifecycle.withRun(experiment, async (run, logger) => {
  await mlops.training.logHyperParameters(run.id, hyperParameters);
  await mlops.data.logData(run.id, train, { name: 'train' });
  await mlops.data.logData(run.id, test, { name: 'test' });
  for (const column of ['milesPerGallon', 'weightLbs', 'horsepower', 'origin']) await mlops.data.logDataDistribution(run.id, train, column, { name: 'train' });

  // Learning curve: held-out RMSE when fitting on the first n training rows, one step per size.
  for (const size of [...hyperParameters.learningCurveSizes, train.length]) {
    const partial = new MultivariateLinearRegression(trainX.slice(0, size), trainY.slice(0, size), { intercept: true });
    logger.logMetric('test_rmse_by_train_rows', regressionMetrics(testY, partial.predict(testX).map((row) => row[0]!)).rmse, { step: size });
  }

  const model = new MultivariateLinearRegression(trainX, trainY, { intercept: true });
  const predicted = model.predict(testX).map((row) => row[0]!);
  const metrics = regressionMetrics(testY, predicted);
  await mlops.evaluation.logMetrics(run.id, { ...metrics, trainRows: train.length, testRows: test.length });

  const bytes = linearRegressionToOnnx(model, { featureCount: featureNames.length });
  const { artifact } = await uploadOnnxModel(mlops, run.id, bytes, { name: 'car-mpg.onnx' });
  await mlops.lifecycle.logPackageDependencies(run.id);
  return { run, artifact, metrics, predicted, weights: model.weights };
});

const registered = await mlops.model.registerModel(experiment, artifact.id, 'regression', `Linear regression, RMSE ${round(metrics.rmse, 2)} mpg`);
const testTarget = await mlops.deployment.createDeploymentTarget('Test');
const deployment = await mlops.deployment.deployModel(testTarget, registered, 'regression');

// Serve what Test holds now, as an application would.
const predictor = await loadDeployedModel(mlops, { experiment, target: 'Test', pollIntervalMs: 0 });
const samples = test.slice(0, 3);
const predictions = await predictor.predictBatch(samples.map((car) => ({ X: toFeatures(car) })));
const served = (await predictor.predict({ X: testX })).variable as number[][];
const largestGap = Math.max(...served.map((row, index) => Math.abs(row[0]! - predicted[index]!)));
const info = predictor.info();
await predictor.close();

const schema = await mlops.lifecycle.getModelSchema(run.id);
const dataSets = await mlops.data.getData(run.id);
const recorded = await mlops.lifecycle.getRun(run.id);
const curve = await mlops.evaluation.getMetricHistory(run.id, 'test_rmse_by_train_rows');
const weightOf = (name: (typeof featureNames)[number]): number => weights[featureNames.indexOf(name)]![0]!;
console.log(`MLOps.ts regression — experiment '${experiment}', run ${run.id}
  store             ${description}
  data              ${dataSets.map((dataSet) => `${dataSet.name} ${dataSet.rowCount} rows × ${dataSet.columns.length} columns (sha256 ${dataSet.sha256.slice(0, 12)}…)`).join('; ')}
  training          ${recorded.trainingTimeMs} ms; held-out RMSE by training rows: ${curve.map((point) => `${point.step} → ${round(point.value, 2)}`).join(', ')}
  metrics           rmse=${round(recorded.metrics.rmse!)} mpg, mae=${round(recorded.metrics.mae!)} mpg, r2=${round(recorded.metrics.r2!)}
  coefficients      ${round(weightOf('weightLbs') * 1000, 2)} mpg per 1000 lbs, ${round(weightOf('modelYear'), 2)} mpg per model year, ${round(weightOf('isJapan'), 2)} mpg if made in Japan
  model             ${artifact.name} (${artifact.sizeBytes} bytes), input ${schema.inputs.map((input) => `${input.name} ${input.elementType} [${input.shape.join(', ')}]`).join(', ')}, outputs ${schema.outputs.map((output) => output.name).join(', ')}
  registered        version ${registered.version}, deployed to Test (${path.basename(deployment.uri ?? '')}), serving version ${info.version}
  predictions       ${samples.map((car, index) => `${car.name} (${car.modelYear}) → ${round((predictions[index]!.variable as number[])[0]!, 1)} mpg (actual ${car.milesPerGallon})`).join('; ')}
  ONNX vs library   largest difference on ${testX.length} held-out rows: ${largestGap.toExponential(1)} mpg
Done in ${Math.round(performance.now() - started)} ms.`);
await mlops.close();
