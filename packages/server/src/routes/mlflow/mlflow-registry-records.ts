import type { MLOpsContext, ModelVersion, RegisteredModel } from '@mlops-ts/core';
import { MlflowApiError } from './mlflow-errors.js';
import { toMlflowModelVersion, toMlflowRegisteredModel } from './mlflow-entities.js';
import { MlflowExperimentIds } from './mlflow-ids.js';
import type { Static } from 'typebox';
import { versionNumberOf, type VersionValue } from './mlflow-schemas.js';

/**
 * The registry as MLflow's clients name it: registered models by exact name (the core
 * also takes ids and experiment names, which MLflow does not), versions by number, and
 * messages that need each version's experiment. One instance per request.
 */
export class MlflowRegistryRecords {
  readonly #ids: MlflowExperimentIds;
  readonly #experimentOfRun = new Map<string, Promise<string>>();

  constructor(private readonly mlops: MLOpsContext) {
    this.#ids = new MlflowExperimentIds(mlops);
  }

  /** The registered model with exactly this name. RESOURCE_DOES_NOT_EXIST otherwise. */
  async registeredModel(name: string): Promise<RegisteredModel> {
    const found = await this.mlops.metadataStore.getRegisteredModelByName(name);
    if (!found) throw new MlflowApiError('RESOURCE_DOES_NOT_EXIST', `Registered Model with name=${name.slice(0, 500)} not found. Create it with registered-models/create, or find names with registered-models/search.`);
    return found;
  }

  /** Version `version` (a string such as "3") of the registered model named `name`. */
  async modelVersion(name: string, version: Static<typeof VersionValue>): Promise<ModelVersion> {
    return this.mlops.model.getModelVersion(await this.registeredModel(name), versionNumberOf(version));
  }

  /** A `ModelVersion` message. */
  async versionMessage(version: ModelVersion) {
    return toMlflowModelVersion(version, await this.#mlflowExperimentIdOfRun(version.runId));
  }

  /** `ModelVersion` messages, in order. */
  async versionMessages(versions: readonly ModelVersion[]) {
    const messages = [];
    for (const version of versions) messages.push(await this.versionMessage(version));
    return messages;
  }

  /** A `RegisteredModel` message with its latest version and aliases. */
  async registeredModelMessage(model: RegisteredModel) {
    const versions = await this.mlops.model.getModelVersions(model);
    const latest = versions.reduce<ModelVersion | undefined>((best, version) => (best === undefined || version.version > best.version ? version : best), undefined);
    return toMlflowRegisteredModel(model, versions, latest === undefined ? undefined : await this.versionMessage(latest));
  }

  /** The MLflow experiment id of a run, looked up once per request. */
  #mlflowExperimentIdOfRun(runId: string): Promise<string> {
    let found = this.#experimentOfRun.get(runId);
    if (!found) {
      found = this.mlops.lifecycle.getRun(runId).then((run) => this.#ids.mlflowIdOfCoreId(run.experimentId));
      this.#experimentOfRun.set(runId, found);
    }
    return found;
  }
}
