import { MLOpsError } from '../errors.js';
import { registeredModelNameOfExperiment, validateAliasName } from '../registry/registry-names.js';
import type { ModelVersion } from '../spec/v1/model-version.js';
import type { Tags } from '../spec/v1/tags.js';
import { storeErrors } from '../store-errors.js';
import { validateTags } from '../validation.js';
import { targetsServing } from './model-deployments.js';
import { checkUpdate, ModelRegistryCatalog } from './model-registry-catalog.js';
import { latestVersionOf, requireVersion, resolveRegisteredModel, validateTagKeys, type RegisteredModelRef } from './model-registry-resolve.js';
import { resolveExperiment, type ExperimentRef } from './resolve.js';

/** Model versions and aliases: find, describe, tag, delete versions and point aliases at them. Part of `model`. */
export class ModelVersionCatalog extends ModelRegistryCatalog {
  /**
   * Version `version` (1, 2, 3 …) of the registered model, with its tags and aliases.
   * @throws NOT_FOUND when the model or version does not exist.
   */
  async getModelVersion(model: RegisteredModelRef, version: number): Promise<ModelVersion> {
    return requireVersion(this.store, await resolveRegisteredModel(this.store, model), version);
  }

  /** The registered model's versions, by number. */
  async getModelVersions(model: RegisteredModelRef): Promise<ModelVersion[]> {
    return this.store.listModelVersions((await resolveRegisteredModel(this.store, model)).id);
  }

  /** The registered model's highest version. @throws NOT_FOUND when it has none. */
  async getLatestModelVersion(model: RegisteredModelRef): Promise<ModelVersion> {
    return latestVersionOf(this.store, await resolveRegisteredModel(this.store, model));
  }

  /** Sets (or, with null, removes) a version's description. */
  async updateModelVersion(model: RegisteredModelRef, version: number, update: { description: string | null }): Promise<ModelVersion> {
    const description = checkUpdate(update);
    const found = await this.getModelVersion(model, version);
    await this.store.updateModelVersion(found.id, { description });
    return { ...found, description };
  }

  /** Adds or replaces tags of a version (others are kept). */
  async setModelVersionTags(model: RegisteredModelRef, version: number, tags: Tags): Promise<void> {
    const checked = validateTags(tags);
    await this.store.setModelVersionTags((await this.getModelVersion(model, version)).id, checked);
  }

  /** Removes tags of a version; a key that is not there is ignored. */
  async deleteModelVersionTags(model: RegisteredModelRef, version: number, keys: string[]): Promise<void> {
    const checked = validateTagKeys(keys);
    await this.store.deleteModelVersionTags((await this.getModelVersion(model, version)).id, checked);
  }

  /**
   * Deletes a version with its tags and the aliases pointing at it. Its number is never
   * given to another version; the run artifact stays.
   * @throws CONFLICT naming the targets while the version is deployed; NOT_FOUND.
   */
  async deleteModelVersion(model: RegisteredModelRef, version: number): Promise<void> {
    const found = await this.getModelVersion(model, version);
    const targets = await targetsServing(this.store, found.registeredModelId, found.id);
    if (targets.length > 0) {
      throw new MLOpsError(
        'CONFLICT',
        `Version ${found.version} of '${found.modelName}' is deployed to ${targets.map((name) => `'${name}'`).join(', ')}. Deploy another version there first, or undeploy it with deployment.undeploy('${found.modelName}', '${targets[0]}', undeployedBy).`,
        { providerId: this.store.providerId },
      );
    }
    await this.store.deleteModelVersion(found.id);
  }

  /**
   * Points an alias such as 'champion' at a version, moving it from the version that held
   * it: one alias never names two versions, even when two processes set it at once.
   * @throws INVALID_ARGUMENT for an alias that is not a valid name (e.g. 'latest', '3', 'v3'); NOT_FOUND.
   * @example
   * await mlops.model.setAlias('iris-classifier', 'champion', 3);
   * const champion = await mlops.model.resolveModelUri('models:/iris-classifier@champion');
   */
  async setAlias(model: RegisteredModelRef, alias: string, version: number): Promise<void> {
    validateAliasName(alias);
    const found = await this.getModelVersion(model, version);
    await this.store.setModelAlias({ registeredModelId: found.registeredModelId, alias, modelVersionId: found.id });
  }

  /** Removes an alias; an alias that is not set is ignored. @throws INVALID_ARGUMENT for an invalid alias name; NOT_FOUND for an unknown model. */
  async deleteAlias(model: RegisteredModelRef, alias: string): Promise<void> {
    validateAliasName(alias);
    await this.store.deleteModelAlias((await resolveRegisteredModel(this.store, model)).id, alias);
  }

  /** The version an alias points at. @throws NOT_FOUND when the model or alias does not exist. */
  async getModelVersionByAlias(model: RegisteredModelRef, alias: string): Promise<ModelVersion> {
    validateAliasName(alias);
    const found = await resolveRegisteredModel(this.store, model);
    const version = await this.store.getModelVersionByAlias(found.id, alias);
    if (!version) throw storeErrors.modelAliasNotFound(found.name, alias, this.store.providerId);
    return version;
  }

  /**
   * The versions of the registered model named after the experiment, by number (none
   * when nothing was registered).
   * @deprecated Use `getModelVersions(model)`, which takes the registered model.
   */
  async getRegisteredModels(experiment: ExperimentRef): Promise<ModelVersion[]> {
    const found = await resolveExperiment(this.store, experiment);
    const model = await this.store.getRegisteredModelByName(registeredModelNameOfExperiment(found.name));
    return model ? this.store.listModelVersions(model.id) : [];
  }

  /**
   * The highest version of the registered model named after the experiment.
   * @deprecated Use `getLatestModelVersion(model)`.
   * @throws NOT_FOUND when none is registered.
   */
  async getLatestRegisteredModel(experiment: ExperimentRef): Promise<ModelVersion> {
    const found = await resolveExperiment(this.store, experiment);
    const latest = (await this.getRegisteredModels(found.id)).at(-1);
    if (!latest) {
      throw new MLOpsError('NOT_FOUND', `Experiment '${found.name}' has no registered model. Register one with model.registerModel(experiment, runArtifactId, registeredBy).`, {
        providerId: this.store.providerId,
      });
    }
    return latest;
  }
}
