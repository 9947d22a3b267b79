import { mkdir, writeFile } from 'node:fs/promises';
import { MLOpsBuilder } from '@mlops-ts/core';
import '@mlops-ts/container';
import '@mlops-ts/sqlite';
import { readVegaDatasetJson, splitRows } from '@mlops-ts/example-support';
import { linearRegressionToOnnx, uploadOnnxModel } from '@mlops-ts/onnx';
import MultivariateLinearRegression from 'ml-regression-multivariate-linear';

// From training to a container image: fuel economy from weight and horsepower, exported to ONNX,
// registered as the champion, rendered as Kubernetes manifests (GitOps) and, when a registry is
// configured, built into an OCI image and pushed, without a Docker daemon:
//   MLOPS_CONTAINER_REGISTRY=127.0.0.1:5000 MLOPS_BASE_IMAGE=127.0.0.1:5000/base/node:22 pnpm start
const experiment = 'car-mpg-image';
const registry = process.env.MLOPS_CONTAINER_REGISTRY;
const baseImage = process.env.MLOPS_BASE_IMAGE;

type Car = { Miles_per_Gallon: number | null; Horsepower: number | null; Weight_in_lbs: number };
const cars = (await readVegaDatasetJson<Car>('cars.json')).filter((car) => car.Miles_per_Gallon !== null && car.Horsepower !== null);
const { train, test } = splitRows(cars, 0.25, 7);
const features = (car: Car): number[] => [car.Weight_in_lbs / 1000, car.Horsepower!].map(Math.fround);

// SQLite and local files under ./mlops, as the embedded default, plus the registry when one is named.
const builder = new MLOpsBuilder({ captureRunContext: false }).useSQLite('mlops/mlops.db').useLocalFileModelRepository('mlops/models');
const context = await (registry ? builder.useContainerRegistry({ registry, repository: 'examples/car-mpg' }) : builder).build();

const { artifact, rmse } = await context.lifecycle.withRun(experiment, async (run) => {
  const model = new MultivariateLinearRegression(train.map(features), train.map((car) => [car.Miles_per_Gallon!]));
  const predicted = model.predict(test.map(features)).map((row) => row[0]!);
  const rmse = Math.sqrt(predicted.reduce((sum, value, index) => sum + (value - test[index]!.Miles_per_Gallon!) ** 2, 0) / test.length);
  await context.evaluation.logMetric(run.id, 'rmse', rmse);
  const { artifact } = await uploadOnnxModel(context, run.id, linearRegressionToOnnx(model), { name: 'car-mpg.onnx' });
  return { artifact, rmse };
});
const version = await context.model.registerModel(experiment, artifact.id, 'example', { model: 'car-mpg' });
await context.model.setAlias('car-mpg', 'champion', version.version);
console.log(`MLOps.ts container image — SQLite mlops/mlops.db, files mlops/models
  model             car-mpg version ${version.version} (rmse ${rmse.toFixed(2)} mpg), alias champion`);

if (!registry || !baseImage) {
  console.log(`  image             skipped: no registry is configured. Set MLOPS_CONTAINER_REGISTRY (host:port, e.g. 127.0.0.1:5000) and MLOPS_BASE_IMAGE (an image with Node.js >= 20.19 on that or another registry) to build and push one.`);
} else {
  const image = await context.deployment.buildModelImage('models:/car-mpg@champion', { baseImage });
  const pushed = image.blobs.map((blob) => `${blob.transfer}`).join(', ');
  console.log(`  image             ${image.reference}
  tag               ${image.taggedReference}
  labels            ${Object.entries(image.labels).filter(([key]) => key.startsWith('io.mlops-ts')).map(([key, value]) => `${key}=${value}`).join(' ')}
  pushed            ${image.pushedBytes} bytes in ${Math.round(image.durationMs)} ms (config and layers: ${pushed})
  run it            podman run -p 8080:8080 ${image.taggedReference}`);
  const { renderKubernetesManifests } = await import('@mlops-ts/container');
  await mkdir('deploy', { recursive: true });
  await writeFile('deploy/car-mpg.yaml', renderKubernetesManifests({ image: image.reference, model: 'car-mpg', version: version.version, target: 'Production', namespace: 'models' }));
  console.log(`  manifests         deploy/car-mpg.yaml (Deployment and Service for kubectl apply --server-side, Argo CD or Flux)`);
}
await context.close();
