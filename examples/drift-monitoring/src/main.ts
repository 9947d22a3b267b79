import { buildMLOpsFromEnvironment, loadPenguins, splitRows, type Penguin } from '@mlops-ts/example-support';
import { logisticRegressionToOnnx, serve, uploadOnnxModel, type DriftChange, type MonitorReport } from '@mlops-ts/onnx';
import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';

// Drift monitoring: a served penguin classifier is watched against the data it was trained
// on. Held-out penguins raise no alarm; heavier penguins with longer flippers do.
const experiment = 'penguin-drift';
const speciesNames = ['Adelie', 'Chinstrap', 'Gentoo'] as const;
const featureNames = ['beakLengthMm', 'beakDepthMm', 'flipperLengthMm', 'bodyMassG'] as const;
const toFeatures = (penguin: Penguin) => featureNames.map((name) => Math.fround(penguin[name]));
const round = (value: number | null | undefined) => (value === null || value === undefined ? '—' : String(Math.round(value * 1000) / 1000));

const started = performance.now();
const { mlops, description } = await buildMLOpsFromEnvironment();
const { train, test } = splitRows(await loadPenguins(), 0.25, 11);

// 1. Train, recording the training data and every column's distribution: the reference drift is measured against.
const { artifact } = await mlops.lifecycle.withRun(experiment, async (run) => {
  await mlops.data.logData(run.id, train, { name: 'train' });
  for (const column of [...featureNames, 'species', 'island']) await mlops.data.logDataDistribution(run.id, train, column, { name: 'train' });
  // Scale columns to a common range for gradient descent; the scales fold into the exported weights.
  const trainX = train.map(toFeatures);
  const scales = featureNames.map((_, column) => Math.max(...trainX.map((row) => Math.abs(row[column]!))));
  const model = new LogisticRegression({ numSteps: 800, learningRate: 0.01 });
  model.train(new Matrix(trainX.map((row) => row.map((value, column) => value / scales[column]!))), Matrix.columnVector(train.map((penguin) => speciesNames.indexOf(penguin.species as never))));
  const classifiers = model.classifiers.map((classifier) => ({ weights: [classifier.weights.to1DArray().map((weight, column) => weight / scales[column]!)] }));
  const bytes = logisticRegressionToOnnx({ numberClasses: model.numberClasses, classifiers }, { labels: [...speciesNames] });
  return uploadOnnxModel(mlops, run.id, bytes, { name: 'penguin-species.onnx' });
});

// 2. Register, naming the training data set, the column of each input value and the predicted column; deploy.
const version = await mlops.model.registerModel(experiment, artifact.id, 'drift-monitoring', { dataSet: 'train', features: [...featureNames], label: 'species' });
const production = await mlops.deployment.createDeploymentTarget('Production');
await mlops.deployment.deployModel(production, version, 'drift-monitoring');

// 3. Serve with monitoring; each window is reported when the pipeline says so (a service would use reportEvery).
const changes: DriftChange[] = [];
const server = await serve(mlops, { model: experiment, target: 'Production', port: 0, pollIntervalMs: 0, monitor: { reportEvery: { rows: 1_000_000 } } });
server.predictor.onDrift((change) => changes.push(change));
const send = async (penguins: readonly Penguin[]) => {
  const response = await fetch(`${server.url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ instances: penguins.map((penguin) => ({ X: toFeatures(penguin) })) }) });
  if (!response.ok) throw new Error(`POST /predict answered ${response.status}: ${await response.text()}`);
};

// 4. Held-out penguins, a few per request: the same population as the training data.
for (let index = 0; index < test.length; index += 5) await send(test.slice(index, index + 5));
const calm = (await server.predictor.monitor!.report())!;

// 5. The same penguins, 25% heavier with 8% longer flippers.
const shifted = test.map((penguin) => ({ ...penguin, bodyMassG: penguin.bodyMassG * 1.25, flipperLengthMm: penguin.flipperLengthMm * 1.08 }));
for (let index = 0; index < shifted.length; index += 5) await send(shifted.slice(index, index + 5));
const alarmed = (await server.predictor.monitor!.report())!;

// 6. Read back what was recorded, and what a Prometheus scrape sees.
const psiHistory = await mlops.evaluation.getMetricHistory(calm.monitoringRunId, 'drift.bodyMassG.psi');
const monitoringRun = await mlops.lifecycle.getRun(calm.monitoringRunId);
const metricsText = await (await fetch(`${server.url}/metrics`)).text();
const driftGauges = metricsText.split('\n').filter((line) => line.startsWith('mlops_drift_verdict{'));
await server.close();

const describeReport = (report: MonitorReport) =>
  `verdict ${report.verdict} over ${report.sampledRows} rows; ${report.columns.map((column) => `${column.column} ${column.verdict} (PSI ${round(column.psi)}, p ${column.pValue === null ? '—' : column.pValue.toExponential(1)})`).join(', ')}`;
console.log(`MLOps.ts drift monitoring — experiment '${experiment}', version ${version.version} on Production
  store             ${description}
  training data     train ${train.length} rows; distributions of ${featureNames.join(', ')}, species, island
  held-out window   ${describeReport(calm)}
  shifted window    ${describeReport(alarmed)}
  alerts            ${changes.map((change) => `step ${change.step}: ${change.changes.map((entry) => `${entry.column} ${entry.from} → ${entry.to}`).join(', ')}`).join('; ') || 'none'}
  monitoring run    '${monitoringRun.name}' (${monitoringRun.id}); drift.bodyMassG.psi by step: ${psiHistory.map((point) => `${point.step} → ${round(point.value)}`).join(', ')}
  /metrics          ${driftGauges.join('; ')}
Done in ${Math.round(performance.now() - started)} ms.`);
await mlops.close();
