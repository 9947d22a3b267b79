import {
  storeErrors,
  type Deployment,
  type DeploymentQuery,
  type ModelAlias,
  type ModelRegistryStoreV1,
  type ModelVersion,
  type ModelVersionSearchPage,
  type ModelVersionSearchQuery,
  type NewModelVersion,
  type RegisteredModel,
  type RegisteredModelSearchPage,
  type RegisteredModelSearchQuery,
  type RegisteredModelUpdate,
  type Tags,
} from '@mlops-ts/core';
import * as versions from './queries/model-version-queries.js';
import * as models from './queries/registered-model-queries.js';
import { insertDeployment, readDeployments } from './queries/registry-queries.js';
import { searchModelVersions, searchRegisteredModels } from './search/registry-search.js';
import type { SqlTransactionMode } from './sql-database.js';
import type { SqlSession } from './sql-session.js';

/** Runs work in a transaction of the store. */
export type SqlTransactionRunner = <T>(mode: SqlTransactionMode, work: (session: SqlSession) => Promise<T>) => Promise<T>;

/**
 * The model registry of `SqlMetadataStore` (`ModelRegistryStoreV1`): each method is one
 * transaction over the queries in queries/registered-model-queries.ts,
 * queries/model-version-queries.ts and queries/registry-queries.ts.
 */
export class SqlRegistry implements ModelRegistryStoreV1 {
  constructor(private readonly transaction: SqlTransactionRunner) {}

  createRegisteredModel(model: RegisteredModel): Promise<RegisteredModel> {
    return this.transaction('write', (session) => models.createRegisteredModel(session, model));
  }

  async getRegisteredModelById(id: string): Promise<RegisteredModel | null> {
    return this.transaction('read', async (session) => (await models.readRegisteredModels(session, 'WHERE m.id = ?', [id]))[0] ?? null);
  }

  async getRegisteredModelByName(name: string): Promise<RegisteredModel | null> {
    return this.transaction('read', async (session) => (await models.readRegisteredModels(session, 'WHERE m.name = ?', [name]))[0] ?? null);
  }

  listRegisteredModels(): Promise<RegisteredModel[]> {
    return this.transaction('read', (session) => models.readRegisteredModels(session));
  }

  updateRegisteredModel(id: string, update: RegisteredModelUpdate): Promise<RegisteredModel> {
    return this.transaction('write', (session) => models.updateRegisteredModel(session, id, update));
  }

  setRegisteredModelTags(id: string, tags: Tags, updatedAt: number): Promise<void> {
    return this.transaction('write', async (session) => {
      await models.touchRegisteredModel(session, id, updatedAt);
      await models.writeRegistryTags(session, models.registeredModelTags, id, tags);
    });
  }

  deleteRegisteredModelTags(id: string, keys: string[], updatedAt: number): Promise<void> {
    return this.transaction('write', async (session) => {
      await models.touchRegisteredModel(session, id, updatedAt);
      await models.deleteRegistryTags(session, models.registeredModelTags, id, keys);
    });
  }

  deleteRegisteredModel(id: string): Promise<void> {
    return this.transaction('write', (session) => models.deleteRegisteredModel(session, id));
  }

  createModelVersion(version: NewModelVersion): Promise<ModelVersion> {
    return this.transaction('write', (session) => versions.insertModelVersion(session, version));
  }

  async getModelVersion(id: string): Promise<ModelVersion | null> {
    return this.transaction('read', async (session) => (await versions.readModelVersions(session, 'WHERE v.id = ?', [id]))[0] ?? null);
  }

  async getModelVersionByNumber(registeredModelId: string, version: number): Promise<ModelVersion | null> {
    return this.transaction('read', async (session) => (await versions.readModelVersions(session, 'WHERE v.registered_model_id = ? AND v.version = ?', [registeredModelId, version]))[0] ?? null);
  }

  listModelVersions(registeredModelId: string): Promise<ModelVersion[]> {
    return this.transaction('read', async (session) => {
      await models.requireRegisteredModel(session, registeredModelId);
      return versions.readModelVersions(session, 'WHERE v.registered_model_id = ?', [registeredModelId]);
    });
  }

  updateModelVersion(id: string, update: { description: string | null }): Promise<void> {
    return this.transaction('write', async (session) => {
      await versions.requireModelVersion(session, id);
      await session.run('UPDATE model_versions SET description = ? WHERE id = ?', [update.description, id]);
    });
  }

  setModelVersionTags(id: string, tags: Tags): Promise<void> {
    return this.transaction('write', async (session) => {
      await versions.requireModelVersion(session, id);
      await models.writeRegistryTags(session, models.modelVersionTags, id, tags);
    });
  }

  deleteModelVersionTags(id: string, keys: string[]): Promise<void> {
    return this.transaction('write', async (session) => {
      await versions.requireModelVersion(session, id);
      await models.deleteRegistryTags(session, models.modelVersionTags, id, keys);
    });
  }

  deleteModelVersion(id: string): Promise<void> {
    return this.transaction('write', (session) => versions.deleteModelVersion(session, id));
  }

  setModelAlias(alias: ModelAlias): Promise<void> {
    return this.transaction('write', (session) => versions.setModelAlias(session, alias));
  }

  deleteModelAlias(registeredModelId: string, alias: string): Promise<void> {
    return this.transaction('write', async (session) => {
      await models.requireRegisteredModel(session, registeredModelId);
      await session.run('DELETE FROM model_aliases WHERE registered_model_id = ? AND alias = ?', [registeredModelId, alias]);
    });
  }

  getModelVersionByAlias(registeredModelId: string, alias: string): Promise<ModelVersion | null> {
    return this.transaction('read', (session) => versions.readModelVersionByAlias(session, registeredModelId, alias));
  }

  searchModelVersions(query: ModelVersionSearchQuery): Promise<ModelVersionSearchPage> {
    return this.transaction('read', (session) => searchModelVersions(session, query));
  }

  searchRegisteredModels(query: RegisteredModelSearchQuery): Promise<RegisteredModelSearchPage> {
    return this.transaction('read', (session) => searchRegisteredModels(session, query));
  }

  createDeployment(deployment: Deployment): Promise<void> {
    return this.transaction('write', (session) => insertDeployment(session, deployment));
  }

  listDeployments(query: DeploymentQuery): Promise<Deployment[]> {
    return this.transaction('read', (session) => readDeployments(session, query));
  }

  deleteDeploymentTarget(id: string): Promise<void> {
    return this.transaction('write', async (session) => {
      await session.run('DELETE FROM deployments WHERE deployment_target_id = ?', [id]);
      if ((await session.run('DELETE FROM deployment_targets WHERE id = ?', [id])) === 0) throw storeErrors.deploymentTargetNotFound(id, session.providerId);
    });
  }
}
