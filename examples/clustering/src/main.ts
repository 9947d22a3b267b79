import path from 'node:path';
import { buildMLOpsFromEnvironment, splitRows } from '@mlops-ts/example-support';
import { kmeansToOnnx, loadDeployedModel, uploadOnnxModel } from '@mlops-ts/onnx';
import { kmeansGenerator, type kmeans } from 'ml-kmeans';
import { contingency, featureNames, inertia, round, silhouette, toFeatures } from './clustering-metrics.js';
import { loadSeattleWeather } from './seattle-weather.js';

// Clustering: which kinds of days does Seattle have? k-means over rain, temperatures and wind.
const experiment = 'seattle-weather-clusters';
const hyperParameters = {
  algorithm: 'k-means (ml-kmeans)',
  clusterCount: 4,
  initialization: 'kmeans++',
  maxIterations: 100,
  tolerance: 1e-6,
  seed: 17,
  split: { testFraction: 0.25, seed: 3 },
} as const;

/** ml-kmeans does not export its result class from the package root. */
type KMeansResult = ReturnType<typeof kmeans>;

const started = performance.now();
const { mlops, description } = await buildMLOpsFromEnvironment();
const days = await loadSeattleWeather();
const { train, test } = splitRows(days, hyperParameters.split.testFraction, hyperParameters.split.seed);
const trainX = train.map(toFeatures);
const testX = test.map(toFeatures);
const weatherNames = [...new Set(days.map((day) => day.weather))].sort();

const { run, artifact, result, assignments } = await mlops.lifecycle.withRun(experiment, async (run, logger) => {
  await mlops.training.logHyperParameters(run.id, hyperParameters);
  await mlops.data.logData(run.id, train, { name: 'train' });
  await mlops.data.logData(run.id, test, { name: 'test' });
  for (const column of ['weather', ...featureNames]) await mlops.data.logDataDistribution(run.id, train, column, { name: 'train' });

  // The generator yields the clustering after each iteration: record the objective as it falls.
  const { clusterCount, initialization, maxIterations, tolerance, seed } = hyperParameters;
  let result: KMeansResult | undefined;
  for (const step of kmeansGenerator(trainX, clusterCount, { initialization, maxIterations, tolerance, seed })) {
    result = step;
    logger.logMetric('train_inertia', inertia(trainX, step.centroids, step.clusters), { step: step.iterations });
  }
  const final = result!;
  const assignments = final.nearest(testX);
  const sizes = final.computeInformation(trainX).map((information) => information.size);
  await mlops.evaluation.logMetrics(run.id, {
    iterations: final.iterations,
    testInertiaPerRow: inertia(testX, final.centroids, assignments) / testX.length,
    testSilhouette: silhouette(testX, assignments, clusterCount),
    ...Object.fromEntries(sizes.map((size, cluster) => [`cluster${cluster}TrainRows`, size])),
  });

  const { artifact } = await uploadOnnxModel(mlops, run.id, kmeansToOnnx(final, { featureCount: featureNames.length }), { name: 'seattle-weather-kmeans.onnx' });
  await mlops.lifecycle.logPackageDependencies(run.id);
  return { run, artifact, result: final, assignments };
});

const registered = await mlops.model.registerModel(experiment, artifact.id, 'clustering', `k-means, k = ${hyperParameters.clusterCount}`);
const testTarget = await mlops.deployment.createDeploymentTarget('Test');
const deployment = await mlops.deployment.deployModel(testTarget, registered, 'clustering');

// Serve what Test holds now, as an application would: a day in, its cluster and distances out.
const predictor = await loadDeployedModel(mlops, { experiment, target: 'Test', pollIntervalMs: 0 });
const samples = test.slice(0, 3);
const predictions = await predictor.predictBatch(samples.map((day) => ({ X: toFeatures(day) })));
const served = (await predictor.predict({ X: testX })).label as number[];
const agreeing = served.filter((cluster, index) => cluster === assignments[index]).length;
const info = predictor.info();
await predictor.close();

const schema = await mlops.lifecycle.getModelSchema(run.id);
const dataSets = await mlops.data.getData(run.id);
const recorded = await mlops.lifecycle.getRun(run.id);
const curve = await mlops.evaluation.getMetricHistory(run.id, 'train_inertia');
const table = contingency(assignments, test.map((day) => day.weather), hyperParameters.clusterCount, weatherNames);
const describeCentroid = (centroid: number[]): string => `${round(centroid[0]!, 1)} mm, ${round(centroid[2]!, 1)}–${round(centroid[1]!, 1)} °C, ${round(centroid[3]!, 1)} m/s`;
console.log(`MLOps.ts clustering — experiment '${experiment}', run ${run.id}
  store             ${description}
  data              ${dataSets.map((dataSet) => `${dataSet.name} ${dataSet.rowCount} rows × ${dataSet.columns.length} columns (sha256 ${dataSet.sha256.slice(0, 12)}…)`).join('; ')}
  training          ${recorded.metrics.iterations} iterations in ${recorded.trainingTimeMs} ms; train inertia ${round(curve[0]!.value, 0)} → ${round(curve.at(-1)!.value, 0)}
  metrics           silhouette=${round(recorded.metrics.testSilhouette!)}, inertia per row=${round(recorded.metrics.testInertiaPerRow!)} (held out)
  clusters          ${result.centroids.map((centroid, cluster) => `#${cluster} ${describeCentroid(centroid)}: ${weatherNames.map((name, label) => `${name} ${table[cluster]![label]}`).filter((entry) => !entry.endsWith(' 0')).join(', ')}`).join('\n                    ')}
  model             ${artifact.name} (${artifact.sizeBytes} bytes), input ${schema.inputs.map((input) => `${input.name} ${input.elementType} [${input.shape.join(', ')}]`).join(', ')}, outputs ${schema.outputs.map((output) => output.name).join(', ')}
  registered        version ${registered.version}, deployed to Test (${path.basename(deployment.uri ?? '')}), serving version ${info.version}
  predictions       ${samples.map((day, index) => `${day.date} (${day.precipitationMm} mm, ${day.tempMaxC} °C) → cluster ${predictions[index]!.label} (weather: ${day.weather})`).join('; ')}
  ONNX vs library   ${agreeing}/${testX.length} held-out days assigned alike
Done in ${Math.round(performance.now() - started)} ms.`);
await mlops.close();
