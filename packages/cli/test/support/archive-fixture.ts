import { createHash } from 'node:crypto';
import type { MLOpsContext } from '@mlops-ts/core';
import { repositoryUriBase } from '../../src/archive/archive-records.js';

/**
 * Writes at least one record of every kind the store contract holds: experiments (one
 * deleted, tags), runs (nested, deleted, every field), params, metric histories with NaN and
 * infinities, a confusion matrix, a data set with distributions, artifacts with blobs, a model
 * schema, dependencies, registered models with tags, versions with tags and descriptions (one
 * deleted in the middle, one deleted after being deployed), aliases, targets and a deployment
 * history with an undeploy and a rollback.
 */
export async function seedEveryRecordKind(mlops: MLOpsContext): Promise<void> {
  const iris = await mlops.lifecycle.createExperiment('iris', { description: 'Iris species', tags: { team: 'vision' } });
  const gone = await mlops.lifecycle.createExperiment('old-work', { tags: { state: 'abandoned' } });
  const parent = await mlops.lifecycle.createRun(iris.id, { name: 'sweep', tags: { owner: 'ada' } } as never);
  const child = await mlops.lifecycle.createRun(iris.id, { name: 'trial-1', parentRunId: parent.id } as never);
  const other = await mlops.lifecycle.createRun(iris.id, { name: 'trial-2', parentRunId: parent.id } as never);
  for (const [index, run] of [parent, child, other].entries()) {
    await mlops.training.logHyperParameters(run.id, { learning_rate: String(0.01 * (index + 1)), optimizer: 'adam' });
    await mlops.evaluation.logMetrics(run.id, Array.from({ length: 1200 }, (_, step) => ({ key: 'loss', value: 1 / (1 + step + index), step })));
    await mlops.evaluation.logMetrics(run.id, [
      { key: 'odd', value: Number.NaN, step: 0 },
      { key: 'odd', value: Number.POSITIVE_INFINITY, step: 1 },
      { key: 'odd', value: Number.NEGATIVE_INFINITY, step: 2 },
      { key: 'odd', value: 0.5, step: 2 },
    ]);
    await mlops.evaluation.logMetric(run.id, 'accuracy', 0.9 + index / 100);
  }
  await mlops.lifecycle.setTrainingTime(child.id, 1234);
  await mlops.lifecycle.endRun(child.id);
  await mlops.lifecycle.endRun(other.id, 'failed');
  await mlops.evaluation.logConfusionMatrix(child.id, { labels: ['setosa', 'versicolor', 'virginica'], counts: [[13, 1, 0], [2, 11, 3], [0, 4, 16]] });
  const rows = Array.from({ length: 60 }, (_, index) => ({ sepal_length: index % 7 === 0 ? Number.NaN : 4.3 + (index % 36) / 10, species: ['setosa', 'versicolor', 'virginica'][index % 3]! }));
  await mlops.data.logData(child.id, rows, { name: 'train' });
  await mlops.data.logDataDistribution(child.id, rows, 'sepal_length', { name: 'train' });
  await mlops.data.logDataDistribution(child.id, rows, 'species', { name: 'train' });
  await mlops.lifecycle.registerModelSchema(child.id, { inputs: [{ name: 'X', elementType: 'float32', shape: [-1, 4] }], outputs: [{ name: 'label', elementType: 'int64', shape: [-1] }] } as never);
  await mlops.lifecycle.logPackageDependencies(child.id, { '@mlops-ts/core': '0.1.0', 'ml-matrix': '6.12.0' });
  const artifacts = [];
  for (let index = 0; index < 4; index++) {
    artifacts.push(await mlops.model.upload(child.id, Buffer.alloc(10_000 + index * 777, index + 1), { name: `model-${index}.bin` }));
  }
  await mlops.model.upload(other.id, Buffer.from('notes of a failed trial'), { name: 'notes/readme.txt' });
  const registered = [];
  for (const [index, artifact] of artifacts.entries()) {
    registered.push(await mlops.model.registerModel(iris.id, artifact.id, index % 2 === 0 ? 'ada' : 'bob', { model: 'iris-classifier', description: `candidate ${index + 1}`, tags: { round: String(index) } }));
  }
  await mlops.model.registerModel(iris.id, artifacts[0]!.id, 'ada', { model: 'iris-small' });
  await mlops.model.setRegisteredModelTags('iris-classifier', { owner: 'vision' });
  await mlops.model.setAlias('iris-classifier', 'champion', 2);
  await mlops.model.setAlias('iris-classifier', 'challenger', 4);
  const production = await mlops.deployment.createDeploymentTarget('Production', { isProduction: true } as never);
  await mlops.deployment.createDeploymentTarget('Test');
  await mlops.deployment.deployModel(production.id, registered[0]!.id, 'ada');
  await mlops.deployment.deployModel('Test', registered[3]!.id, 'bob');
  await mlops.deployment.deployModel(production.id, registered[1]!.id, 'ada');
  await mlops.deployment.undeploy('iris-classifier', 'Test', 'bob');
  // Version 1 was deployed and is deleted now: the history keeps its id. Version 3 leaves a gap.
  await mlops.model.deleteModelVersion('iris-classifier', 1);
  await mlops.model.deleteModelVersion('iris-classifier', 3);
  await mlops.lifecycle.deleteRun(other.id);
  const goneRun = await mlops.lifecycle.createRun(gone.id, { name: 'forgotten' } as never);
  await mlops.evaluation.logMetric(goneRun.id, 'accuracy', 0.1);
  await mlops.lifecycle.deleteExperiment(gone.id);
}

/** Everything the API reads back, blobs as SHA-256 by key, and uris of the repository with its own base cut off. */
export async function readEverything(mlops: MLOpsContext): Promise<unknown> {
  const store = mlops.metadataStore;
  const base = repositoryUriBase(mlops.modelRepository) ?? '';
  const experiments = await store.listExperiments({ lifecycle: 'all' });
  const runs = [];
  for (const experiment of experiments) {
    for (const run of await store.listRuns(experiment.id, { lifecycle: 'all' })) {
      const histories: Record<string, unknown> = {};
      for (const key of Object.keys(run.metrics)) histories[key] = await store.getMetricHistory(run.id, key);
      runs.push({
        run,
        histories,
        confusionMatrix: await store.getConfusionMatrix(run.id),
        dataSets: await store.listDataSets(run.id),
        artifacts: await store.listRunArtifacts(run.id),
        schema: await store.getModelSchema(run.id),
        dependencies: await store.listPackageDependencies(run.id),
      });
    }
  }
  const models = [];
  for (const model of await store.listRegisteredModels()) {
    const versions = await store.listModelVersions(model.id);
    const aliases = Object.fromEntries(await Promise.all(versions.flatMap((version) => version.aliases).map(async (alias) => [alias, (await store.getModelVersionByAlias(model.id, alias))?.id])));
    models.push({ model, versions, aliases });
  }
  const deployments = (await store.listDeployments({})).map((deployment) => ({ ...deployment, uri: deployment.uri?.startsWith(base) ? `<repository>/${deployment.uri.slice(base.length)}` : deployment.uri }));
  const blobs: Record<string, string> = {};
  for await (const object of mlops.modelRepository.list('')) {
    const hash = createHash('sha256');
    for await (const chunk of await mlops.modelRepository.get(object.key)) hash.update(chunk as Buffer);
    blobs[object.key] = hash.digest('hex');
  }
  return { experiments, runs, models, targets: await store.listDeploymentTargets(), deployments, blobs };
}
