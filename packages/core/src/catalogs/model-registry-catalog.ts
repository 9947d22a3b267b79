import { MLOpsError } from '../errors.js';
import { uuidv7 } from '../ids.js';
import { validateRegisteredModelName } from '../registry/registry-names.js';
import {
  searchModelVersions,
  searchRegisteredModels,
  type SearchModelRegistryOptions,
  type SearchModelVersionsResult,
  type SearchRegisteredModelsResult,
} from '../registry/search-model-registry.js';
import type { MetadataStoreV1 } from '../spec/v1/metadata-store.js';
import type { ModelVersion } from '../spec/v1/model-version.js';
import type { RegisteredModel } from '../spec/v1/registered-model.js';
import type { Tags } from '../spec/v1/tags.js';
import { describe, limits, validateTags, validateValue } from '../validation.js';
import { targetsServing } from './model-deployments.js';
import { resolveModelUri, resolveRegisteredModel, validateTagKeys, type RegisteredModelRef } from './model-registry-resolve.js';

/** Options of `model.createRegisteredModel`. */
export interface CreateRegisteredModelOptions {
  /** Free text. */
  description?: string;
  /** Labels, e.g. `{ team: 'vision' }`. */
  tags?: Tags;
}

/** Registered models: create, find, rename, describe, tag, delete and search them. Part of `model`. */
export class ModelRegistryCatalog {
  constructor(protected readonly store: MetadataStoreV1) {}

  /**
   * Creates a registered model, or returns the stored one when the name exists (as
   * `createExperiment` does; its description and tags are then left as they are).
   * @throws INVALID_ARGUMENT for a name with '/', '@' or control characters.
   */
  async createRegisteredModel(name: string, options: CreateRegisteredModelOptions = {}): Promise<RegisteredModel> {
    validateRegisteredModelName(name);
    const description = checkDescription(options.description);
    const tags = validateTags(options.tags);
    const now = Date.now();
    return this.store.createRegisteredModel({ id: uuidv7(), name, description, tags, createdAt: now, updatedAt: now });
  }

  /**
   * The registered model with this name or id (an experiment's name is accepted where a
   * registered model is named after the experiment).
   * @throws NOT_FOUND when there is none.
   */
  getRegisteredModel(model: RegisteredModelRef): Promise<RegisteredModel> {
    return resolveRegisteredModel(this.store, model);
  }

  /**
   * Renames a registered model; its versions, aliases and deployments follow (they hold
   * its id) and `models:/` URIs use the new name.
   * @throws CONFLICT when the name is taken; INVALID_ARGUMENT for an invalid name; NOT_FOUND.
   */
  async renameRegisteredModel(model: RegisteredModelRef, newName: string): Promise<RegisteredModel> {
    validateRegisteredModelName(newName);
    const found = await resolveRegisteredModel(this.store, model);
    if (found.name === newName) return found;
    return this.store.updateRegisteredModel(found.id, { name: newName, updatedAt: Date.now() });
  }

  /** Sets (or, with null, removes) the registered model's description. */
  async updateRegisteredModel(model: RegisteredModelRef, update: { description: string | null }): Promise<RegisteredModel> {
    const description = checkUpdate(update);
    const found = await resolveRegisteredModel(this.store, model);
    return this.store.updateRegisteredModel(found.id, { description, updatedAt: Date.now() });
  }

  /** Adds or replaces tags of the registered model (others are kept). */
  async setRegisteredModelTags(model: RegisteredModelRef, tags: Tags): Promise<void> {
    const checked = validateTags(tags);
    const found = await resolveRegisteredModel(this.store, model);
    await this.store.setRegisteredModelTags(found.id, checked, Date.now());
  }

  /** Removes tags of the registered model; a key that is not there is ignored. */
  async deleteRegisteredModelTags(model: RegisteredModelRef, keys: string[]): Promise<void> {
    const checked = validateTagKeys(keys);
    const found = await resolveRegisteredModel(this.store, model);
    await this.store.deleteRegisteredModelTags(found.id, checked, Date.now());
  }

  /**
   * Deletes a registered model with its versions, their tags, its aliases and its
   * deployment history. The run artifacts stay.
   * @throws CONFLICT naming the targets while one of its versions is deployed; NOT_FOUND.
   */
  async deleteRegisteredModel(model: RegisteredModelRef): Promise<void> {
    const found = await resolveRegisteredModel(this.store, model);
    const targets = await targetsServing(this.store, found.id);
    if (targets.length > 0) {
      throw new MLOpsError(
        'CONFLICT',
        `Registered model '${found.name}' is deployed to ${targets.map((name) => `'${name}'`).join(', ')}. Undeploy it first with deployment.undeploy('${found.name}', '${targets[0]}', undeployedBy)${targets.length === 1 ? '' : ' for each target'}.`,
        { providerId: this.store.providerId },
      );
    }
    await this.store.deleteRegisteredModel(found.id);
  }

  /**
   * Searches the versions of every registered model with the filter language of
   * `searchRuns`: `name`, `version`, `run_id`, `registered_by`, `registered_at`,
   * `description`, `alias` and `tags.<key>`.
   * @example
   * const { modelVersions } = await mlops.model.searchModelVersions({ filter: "name = 'iris' and tags.stage = 'prod'", orderBy: ['version DESC'] });
   */
  searchModelVersions(options: SearchModelRegistryOptions = {}): Promise<SearchModelVersionsResult> {
    return searchModelVersions(this.store, options);
  }

  /** Searches registered models by `name`, `description`, `created_at`, `updated_at` and `tags.<key>`. Default order: by name. */
  searchRegisteredModels(options: SearchModelRegistryOptions = {}): Promise<SearchRegisteredModelsResult> {
    return searchRegisteredModels(this.store, options);
  }

  /**
   * The version a URI names: `models:/<model>/<version>`, `models:/<model>@<alias>` or
   * `models:/<model>/latest` (the name URI-encoded where needed).
   * @throws INVALID_ARGUMENT for a malformed URI; NOT_FOUND when it names nothing.
   */
  resolveModelUri(uri: string): Promise<ModelVersion> {
    return resolveModelUri(this.store, uri);
  }
}

/** A description argument: undefined gives null. */
export function checkDescription(description: unknown): string | null {
  if (description === undefined || description === null) return null;
  if (typeof description !== 'string') {
    throw new MLOpsError('INVALID_ARGUMENT', `The description ${describe(description)} is not a string. Pass text, or null to remove it.`);
  }
  return validateValue('description', description, limits.paramValue);
}

/** The description of an update object `{ description }` (null removes it). */
export function checkUpdate(update: unknown): string | null {
  if (typeof update !== 'object' || update === null || !('description' in update)) {
    throw new MLOpsError('INVALID_ARGUMENT', `The update ${describe(update)} has no description. Pass { description: 'text' }, or { description: null } to remove it.`);
  }
  return checkDescription((update as { description: unknown }).description);
}
