import { MLOpsError } from '@mlops-ts/core';
import type { ArchiveContext } from './archive-context.js';
import { archiveDamaged, type ArchiveRecord } from './archive-format.js';

/** Writes one record of an archive with the store's own methods, so ids, timestamps and numbers are those of the record. */
export async function applyArchiveRecord({ metadataStore: store, modelRepository: repository }: ArchiveContext, record: ArchiveRecord): Promise<void> {
  switch (record.kind) {
    case 'experiment': {
      const stored = await store.createExperiment(record.experiment);
      if (stored.id !== record.experiment.id) throw nameTaken('an experiment', record.experiment.name);
      return;
    }
    case 'deploymentTarget': {
      const stored = await store.createDeploymentTarget(record.target);
      if (stored.id !== record.target.id) throw nameTaken('a deployment target', record.target.name);
      return;
    }
    case 'run':
      return store.createRun(record.run);
    case 'params':
      return store.logParams(record.runId, record.params);
    case 'metrics':
      return store.logMetrics(record.points.map((point) => ({ runId: record.runId, key: record.key, ...point })));
    case 'confusionMatrix':
      return store.saveConfusionMatrix(record.matrix);
    case 'dataSet':
      return store.saveDataSet(record.dataSet);
    case 'artifact':
      return store.createRunArtifact(record.artifact);
    case 'modelSchema':
      return store.saveModelSchema(record.schema);
    case 'packageDependencies':
      return store.savePackageDependencies(record.runId, record.dependencies);
    case 'registeredModel': {
      const stored = await store.createRegisteredModel(record.model);
      if (stored.id !== record.model.id) throw nameTaken('a registered model', record.model.name);
      return;
    }
    case 'modelVersion':
    case 'versionPlaceholder': {
      const created = await store.createModelVersion(record.version);
      if (created.version !== record.number) {
        throw new MLOpsError(
          'CONFLICT',
          `The store gave version ${created.version} to version ${record.number} of registered model ${record.version.registeredModelId}: it registered versions of that model outside this import. Import into a store that holds none of the archive's registered models.`,
        );
      }
      return;
    }
    case 'modelAlias':
      return store.setModelAlias(record.alias);
    case 'deployment': {
      const uri = record.uriKey === undefined ? record.deployment.uri : uriOfKey(repository.uri.bind(repository), record.uriKey);
      return store.createDeployment({ ...record.deployment, uri });
    }
    case 'deleteVersionPlaceholder':
      return store.deleteModelVersion(record.id);
    case 'registeredModelUpdatedAt':
      await store.updateRegisteredModel(record.registeredModelId, { updatedAt: record.updatedAt });
      return;
    case 'experimentDeleted':
      await store.setExperimentLifecycle(record.id, 'deleted', record.deletedAt);
      return;
    case 'runDeleted':
      return store.updateRun(record.id, { lifecycleStage: 'deleted', deletedAt: record.deletedAt });
    default:
      throw archiveDamaged(`it holds a record of kind '${String((record as { kind: unknown }).kind)}' this format does not have`);
  }
}

/** The importing repository's uri of a key (a folder's key ends with '/', as deployments of folder versions record it). */
function uriOfKey(uri: (key: string) => string, key: string): string {
  return key.endsWith('/') ? `${uri(key.slice(0, -1))}/` : uri(key);
}

function nameTaken(what: string, name: string): MLOpsError {
  return new MLOpsError('CONFLICT', `The store already holds ${what} named '${name}' with another id. Import into a store that holds none of the archive's experiments, registered models and deployment targets, or rename that one first.`);
}
