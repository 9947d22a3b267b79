import type {
  Deployment,
  DeploymentQuery,
  ModelAlias,
  ModelVersion,
  ModelVersionSearchPage,
  ModelVersionSearchQuery,
  NewModelVersion,
  RegisteredModel,
  RegisteredModelSearchPage,
  RegisteredModelSearchQuery,
  RegisteredModelUpdate,
  Tags,
} from '../spec/v1/index.js';
import type { ModelRegistryStoreV1 } from '../spec/v1/model-registry-store.js';
import { evaluateModelVersionSearch, evaluateRegisteredModelSearch } from '../registry/registry-search-evaluator.js';
import { storeErrors } from '../store-errors.js';
import { byCreatedAtThenId, compareText, copy } from './in-memory-ordering.js';

/** A registered model as kept: the record and the next version number. */
interface StoredRegisteredModel {
  model: RegisteredModel;
  /** Never decreases: deleting a version leaves its number used. */
  nextVersion: number;
}

/** A version as kept: without the name and aliases, which are filled in on read. */
type StoredVersion = Omit<ModelVersion, 'modelName' | 'aliases'>;

/** What the registry checks in the rest of the in-memory store; each throws NOT_FOUND. */
export interface InMemoryRegistryReferences {
  requireRun(runId: string): void;
  requireRunArtifact(runArtifactId: string): void;
  requireDeploymentTarget(targetId: string): void;
}

/**
 * The model registry of `InMemoryMetadataStore`: the reference semantics of
 * `ModelRegistryStoreV1` (but `deleteDeploymentTarget`, which the store does with its targets). Objects go in and come out as deep copies. Every method checks
 * all it needs before it changes anything, with no await in between, so a call is atomic.
 */
export class InMemoryRegistry implements Omit<ModelRegistryStoreV1, 'deleteDeploymentTarget'> {
  readonly #models = new Map<string, StoredRegisteredModel>();
  readonly #versions = new Map<string, StoredVersion>();
  /** Aliases by registered model id, then alias: the version id. */
  readonly #aliases = new Map<string, Map<string, string>>();
  readonly #deployments: Deployment[] = [];

  constructor(
    private readonly references: InMemoryRegistryReferences,
    private readonly providerId: string,
  ) {}

  // ---------------------------------------------------------------- registered models

  async createRegisteredModel(model: RegisteredModel): Promise<RegisteredModel> {
    const existing = this.#findModelByName(model.name);
    if (existing) return copy(existing.model);
    if (this.#models.has(model.id)) throw storeErrors.duplicateId('A registered model', model.id, this.providerId);
    this.#models.set(model.id, { model: copy(model), nextVersion: 1 });
    return copy(model);
  }

  async getRegisteredModelById(id: string): Promise<RegisteredModel | null> {
    const stored = this.#models.get(id);
    return stored ? copy(stored.model) : null;
  }

  async getRegisteredModelByName(name: string): Promise<RegisteredModel | null> {
    const stored = this.#findModelByName(name);
    return stored ? copy(stored.model) : null;
  }

  async listRegisteredModels(): Promise<RegisteredModel[]> {
    return [...this.#models.values()].map((stored) => stored.model).sort(byCreatedAtThenId).map(copy);
  }

  async updateRegisteredModel(id: string, update: RegisteredModelUpdate): Promise<RegisteredModel> {
    const stored = this.#requireModel(id);
    if (update.name !== undefined && update.name !== stored.model.name && this.#findModelByName(update.name)) {
      throw storeErrors.registeredModelNameTaken(update.name, this.providerId);
    }
    if (update.name !== undefined) stored.model.name = update.name;
    if (update.description !== undefined) stored.model.description = update.description;
    stored.model.updatedAt = update.updatedAt;
    return copy(stored.model);
  }

  async setRegisteredModelTags(id: string, tags: Tags, updatedAt: number): Promise<void> {
    const { model } = this.#requireModel(id);
    model.tags = { ...model.tags, ...copy(tags) };
    model.updatedAt = updatedAt;
  }

  async deleteRegisteredModelTags(id: string, keys: string[], updatedAt: number): Promise<void> {
    const { model } = this.#requireModel(id);
    model.tags = withoutKeys(model.tags, keys);
    model.updatedAt = updatedAt;
  }

  async deleteRegisteredModel(id: string): Promise<void> {
    this.#requireModel(id);
    for (const [versionId, version] of this.#versions) if (version.registeredModelId === id) this.#versions.delete(versionId);
    this.#aliases.delete(id);
    for (let index = this.#deployments.length - 1; index >= 0; index--) if (this.#deployments[index]!.registeredModelId === id) this.#deployments.splice(index, 1);
    this.#models.delete(id);
  }

  // ---------------------------------------------------------------- versions

  async createModelVersion(version: NewModelVersion): Promise<ModelVersion> {
    const stored = this.#requireModel(version.registeredModelId);
    this.references.requireRun(version.runId);
    if (version.runArtifactId !== null) this.references.requireRunArtifact(version.runArtifactId);
    if (this.#versions.has(version.id)) throw storeErrors.duplicateId('A model version', version.id, this.providerId);
    // No await between reading and bumping the counter: numbers are unique.
    const number = stored.nextVersion++;
    const { version: _ignored, modelName: _name, aliases: _aliases, ...fields } = version as NewModelVersion & Partial<ModelVersion>;
    this.#versions.set(version.id, { ...copy(fields), version: number });
    stored.model.updatedAt = version.registeredAt;
    return this.#toModelVersion(this.#versions.get(version.id)!);
  }

  async getModelVersion(id: string): Promise<ModelVersion | null> {
    const version = this.#versions.get(id);
    return version ? this.#toModelVersion(version) : null;
  }

  async getModelVersionByNumber(registeredModelId: string, number: number): Promise<ModelVersion | null> {
    for (const version of this.#versions.values()) {
      if (version.registeredModelId === registeredModelId && version.version === number) return this.#toModelVersion(version);
    }
    return null;
  }

  async listModelVersions(registeredModelId: string): Promise<ModelVersion[]> {
    this.#requireModel(registeredModelId);
    return [...this.#versions.values()]
      .filter((version) => version.registeredModelId === registeredModelId)
      .sort((a, b) => a.version - b.version)
      .map((version) => this.#toModelVersion(version));
  }

  async updateModelVersion(id: string, update: { description: string | null }): Promise<void> {
    this.#requireVersion(id).description = update.description;
  }

  async setModelVersionTags(id: string, tags: Tags): Promise<void> {
    const version = this.#requireVersion(id);
    version.tags = { ...version.tags, ...copy(tags) };
  }

  async deleteModelVersionTags(id: string, keys: string[]): Promise<void> {
    const version = this.#requireVersion(id);
    version.tags = withoutKeys(version.tags, keys);
  }

  async deleteModelVersion(id: string): Promise<void> {
    const version = this.#requireVersion(id);
    const aliases = this.#aliases.get(version.registeredModelId);
    if (aliases) for (const [alias, versionId] of aliases) if (versionId === id) aliases.delete(alias);
    this.#versions.delete(id);
  }

  // ---------------------------------------------------------------- aliases

  async setModelAlias(alias: ModelAlias): Promise<void> {
    this.#requireModel(alias.registeredModelId);
    const version = this.#requireVersion(alias.modelVersionId);
    if (version.registeredModelId !== alias.registeredModelId) {
      throw storeErrors.modelVersionOfAnotherModel(alias.modelVersionId, alias.registeredModelId, this.providerId);
    }
    const aliases = this.#aliases.get(alias.registeredModelId) ?? new Map<string, string>();
    aliases.set(alias.alias, alias.modelVersionId);
    this.#aliases.set(alias.registeredModelId, aliases);
  }

  async deleteModelAlias(registeredModelId: string, alias: string): Promise<void> {
    this.#requireModel(registeredModelId);
    this.#aliases.get(registeredModelId)?.delete(alias);
  }

  async getModelVersionByAlias(registeredModelId: string, alias: string): Promise<ModelVersion | null> {
    const versionId = this.#aliases.get(registeredModelId)?.get(alias);
    return versionId === undefined ? null : this.getModelVersion(versionId);
  }

  // ---------------------------------------------------------------- search (the reference semantics)

  async searchModelVersions(query: ModelVersionSearchQuery): Promise<ModelVersionSearchPage> {
    const versions = [...this.#versions.values()].map((version) => this.#toModelVersion(version));
    return evaluateModelVersionSearch(versions, query);
  }

  async searchRegisteredModels(query: RegisteredModelSearchQuery): Promise<RegisteredModelSearchPage> {
    const page = evaluateRegisteredModelSearch([...this.#models.values()].map((stored) => stored.model), query);
    return { ...page, registeredModels: page.registeredModels.map(copy) };
  }

  // ---------------------------------------------------------------- deployments

  async createDeployment(deployment: Deployment): Promise<void> {
    this.references.requireDeploymentTarget(deployment.deploymentTargetId);
    this.#requireModel(deployment.registeredModelId);
    if (deployment.modelVersionId !== null) this.#requireVersion(deployment.modelVersionId);
    if (this.#deployments.some((stored) => stored.id === deployment.id)) throw storeErrors.duplicateId('A deployment', deployment.id, this.providerId);
    this.#deployments.push(copy(deployment));
  }

  async listDeployments(query: DeploymentQuery): Promise<Deployment[]> {
    return this.#deployments
      .filter((deployment) => query.registeredModelId === undefined || deployment.registeredModelId === query.registeredModelId)
      .filter((deployment) => query.deploymentTargetId === undefined || deployment.deploymentTargetId === query.deploymentTargetId)
      .sort((a, b) => a.deployedAt - b.deployedAt || compareText(a.id, b.id))
      .map(copy);
  }

  /** Removes the deployment history of a target (the store removes the target). */
  deleteDeploymentsOfTarget(targetId: string): void {
    for (let index = this.#deployments.length - 1; index >= 0; index--) if (this.#deployments[index]!.deploymentTargetId === targetId) this.#deployments.splice(index, 1);
  }

  // ---------------------------------------------------------------- helpers

  /** True when a version of this run's artifacts is registered (purging the run would break it). */
  hasVersionOfRun(runId: string): boolean {
    for (const version of this.#versions.values()) if (version.runId === runId) return true;
    return false;
  }

  #findModelByName(name: string): StoredRegisteredModel | undefined {
    for (const stored of this.#models.values()) if (stored.model.name === name) return stored;
    return undefined;
  }

  #requireModel(id: string): StoredRegisteredModel {
    const stored = this.#models.get(id);
    if (!stored) throw storeErrors.registeredModelNotFound(id, this.providerId);
    return stored;
  }

  #requireVersion(id: string): StoredVersion {
    const version = this.#versions.get(id);
    if (!version) throw storeErrors.modelVersionNotFound(`'${id}'`, this.providerId);
    return version;
  }

  #toModelVersion(version: StoredVersion): ModelVersion {
    const aliases: string[] = [];
    for (const [alias, versionId] of this.#aliases.get(version.registeredModelId) ?? []) if (versionId === version.id) aliases.push(alias);
    return { ...copy(version), modelName: this.#models.get(version.registeredModelId)!.model.name, aliases: aliases.sort(compareText) };
  }
}

/** The tags without the given keys. */
function withoutKeys(tags: Tags, keys: readonly string[]): Tags {
  const removed = new Set(keys);
  return Object.fromEntries(Object.entries(tags).filter(([key]) => !removed.has(key)));
}
