import type { Deployment } from './deployment.js';
import type { DeploymentQuery } from './deployment-query.js';
import type { ModelAlias } from './model-alias.js';
import type { ModelVersion } from './model-version.js';
import type { ModelVersionSearchPage, ModelVersionSearchQuery } from './model-version-search.js';
import type { RegisteredModel } from './registered-model.js';
import type { RegisteredModelSearchPage, RegisteredModelSearchQuery } from './registered-model-search.js';
import type { RegisteredModelUpdate } from './registered-model-update.js';
import type { Tags } from './tags.js';

/** What `createModelVersion` receives: the store assigns the number, and fills in the name and aliases on read. */
export type NewModelVersion = Omit<ModelVersion, 'version' | 'modelName' | 'aliases'>;

/**
 * The model registry part of `MetadataStoreV1`: registered models, their versions, tags
 * and aliases, and the deployments of their versions. The core validates names, resolves
 * references, generates ids and timestamps and words errors (`storeErrors`); a store
 * persists. Methods that take an id of a registered model or version throw NOT_FOUND when
 * it does not exist, unless they say they return null; a throwing call changes nothing.
 */
export interface ModelRegistryStoreV1 {
  /**
   * Inserts the registered model, or returns the stored one when the name exists (the
   * input is then ignored). Safe under concurrent calls with the same name.
   */
  createRegisteredModel(model: RegisteredModel): Promise<RegisteredModel>;
  /** The registered model with this id, or null. */
  getRegisteredModelById(id: string): Promise<RegisteredModel | null>;
  /** The registered model with this exact name, or null. */
  getRegisteredModelByName(name: string): Promise<RegisteredModel | null>;
  /** Every registered model, oldest first (by createdAt, then id). */
  listRegisteredModels(): Promise<RegisteredModel[]>;
  /**
   * Sets the given fields and `updatedAt`, and returns the stored model. A new name is
   * visible on every version (`modelName`). CONFLICT when another registered model has
   * the name (`storeErrors.registeredModelNameTaken`).
   */
  updateRegisteredModel(id: string, update: RegisteredModelUpdate): Promise<RegisteredModel>;
  /** Upserts tags (other tags are kept) and sets `updatedAt`. */
  setRegisteredModelTags(id: string, tags: Tags, updatedAt: number): Promise<void>;
  /** Removes the tags with these keys (keys that are not there are ignored) and sets `updatedAt`. */
  deleteRegisteredModelTags(id: string, keys: string[], updatedAt: number): Promise<void>;
  /**
   * Removes the registered model with its versions, their tags, its aliases and its
   * deployment history, in one transaction. The core refuses it first while a version is
   * deployed.
   */
  deleteRegisteredModel(id: string): Promise<void>;

  /**
   * Inserts a version with the registered model's next number (1, 2, 3 …) and sets the
   * registered model's `updatedAt` to `version.registeredAt`. Must never hand out one
   * number twice, even to concurrent callers in other processes, nor reuse the number of
   * a deleted version (keep a counter on the registered model). NOT_FOUND when the
   * registered model, run or (when given) run artifact does not exist.
   */
  createModelVersion(version: NewModelVersion): Promise<ModelVersion>;
  /** The version with this id (with its model name, tags and aliases), or null. */
  getModelVersion(id: string): Promise<ModelVersion | null>;
  /** The version with this number of the registered model, or null (also when the model does not exist). */
  getModelVersionByNumber(registeredModelId: string, version: number): Promise<ModelVersion | null>;
  /** The registered model's versions by number ascending. */
  listModelVersions(registeredModelId: string): Promise<ModelVersion[]>;
  /** Sets the version's description (null removes it). */
  updateModelVersion(id: string, update: { description: string | null }): Promise<void>;
  /** Upserts tags on the version (other tags are kept). */
  setModelVersionTags(id: string, tags: Tags): Promise<void>;
  /** Removes the version's tags with these keys (keys that are not there are ignored). */
  deleteModelVersionTags(id: string, keys: string[]): Promise<void>;
  /**
   * Removes the version with its tags and the aliases pointing at it. Its number is never
   * handed out again; deployment history keeps its id. The core refuses it first while
   * the version is deployed.
   */
  deleteModelVersion(id: string): Promise<void>;

  /**
   * Points the alias at the version, creating or moving it atomically: concurrent calls,
   * across processes too, leave the alias on exactly one version (the last to commit).
   * NOT_FOUND when the registered model or version does not exist; INVALID_ARGUMENT when
   * the version belongs to another registered model.
   */
  setModelAlias(alias: ModelAlias): Promise<void>;
  /** Removes the alias; an alias that is not there is ignored. */
  deleteModelAlias(registeredModelId: string, alias: string): Promise<void>;
  /** The version the alias points at, or null when the alias (or the registered model) does not exist. */
  getModelVersionByAlias(registeredModelId: string, alias: string): Promise<ModelVersion | null>;

  /**
   * Optional capability: one page of the versions of every registered model matching
   * `query.filter`, ordered by `query.orderBy` then id, with the semantics of the core's
   * `evaluateModelVersionSearch` (which `@mlops-ts/provider-tests` checks). When absent, the
   * core reads every registered model's versions and evaluates the search in memory.
   */
  searchModelVersions?(query: ModelVersionSearchQuery): Promise<ModelVersionSearchPage>;
  /**
   * Optional capability: one page of the registered models matching `query.filter`
   * (semantics of the core's `evaluateRegisteredModelSearch`). When absent, the core
   * filters `listRegisteredModels` in memory.
   */
  searchRegisteredModels?(query: RegisteredModelSearchQuery): Promise<RegisteredModelSearchPage>;

  /**
   * Inserts a deployment (history is never overwritten). NOT_FOUND when the target or the
   * registered model does not exist, or when `modelVersionId` is set and that version does not.
   */
  createDeployment(deployment: Deployment): Promise<void>;
  /** The deployments matching every condition of the query, oldest first (by deployedAt, then id). */
  listDeployments(query: DeploymentQuery): Promise<Deployment[]>;
  /**
   * Removes the deployment target with its deployment history; its name can be used again.
   * The core refuses it first while the target serves a model. NOT_FOUND for an unknown id.
   */
  deleteDeploymentTarget(id: string): Promise<void>;
}
