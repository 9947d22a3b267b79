import type { Container, ItemDefinition, OperationInput } from '@azure/cosmos';
import {
  storeErrors,
  type Deployment,
  type DeploymentQuery,
  type ModelAlias,
  type ModelVersion,
  type NewModelVersion,
  type Tags,
} from '@mlops-ts/core';
import { retryAttempt, retryOnConflict } from './conflict-retry.js';
import { cosmosProviderId, cosmosStatusOf, translateCosmosError } from './cosmos-errors.js';
import { createItem, deleteItem, queryAll, readItem } from './item-access.js';
import { toDeployment, toDeploymentItem, toModelVersion, toModelVersionItem, type DeploymentItem, type ModelVersionItem, type RegisteredModelItem } from './model-registry-items.js';
import type { RegisteredModelRecords } from './registered-model-records.js';
import { withoutSystemProperties } from './system-properties.js';
import { batchFailure, executeBatch } from './transactional-batch.js';

/** Checks the registry needs from the other containers; each throws NOT_FOUND. */
export interface RegistryReferences {
  requireRun(runId: string): Promise<unknown>;
  requireRunArtifact(runArtifactId: string, runId: string): Promise<void>;
  requireDeploymentTarget(targetId: string): Promise<void>;
  /** Removes the target's name claim, then its item. @throws NOT_FOUND. */
  deleteDeploymentTargetRecord(targetId: string): Promise<void>;
}

/**
 * Model versions, aliases and deployments in the `models` container, in the partition of
 * their registered model (see model-registry-items.ts).
 */
export class RegistryStore {
  constructor(
    private readonly models: () => Container,
    private readonly records: RegisteredModelRecords,
    private readonly references: RegistryReferences,
  ) {}

  /**
   * Inserts the version with the registered model's next number: one transactional batch
   * replaces the record (number + 1, `updatedAt`) on the ETag it was read with and creates
   * the version, so of concurrent registrations one commits per number and the others
   * read again and take the next. The number never goes back, so deleted numbers stay used.
   */
  async createModelVersion(version: NewModelVersion): Promise<ModelVersion> {
    await this.records.requireItem(version.registeredModelId);
    await this.references.requireRun(version.runId);
    if (version.runArtifactId !== null) await this.references.requireRunArtifact(version.runArtifactId, version.runId);
    const what = `Registering a version of registered model '${version.registeredModelId}'`;
    return retryOnConflict(async () => {
      const record = await this.records.requireItem(version.registeredModelId);
      const item: ModelVersionItem = { ...toModelVersionItem({ ...version, version: record.nextVersion }) };
      const next: RegisteredModelItem = { ...withoutSystemProperties(record), nextVersion: record.nextVersion + 1, updatedAt: version.registeredAt } as unknown as RegisteredModelItem;
      const operations: OperationInput[] = [
        { operationType: 'Replace', id: record.id, resourceBody: withoutSystemProperties(next), ifMatch: record._etag! },
        { operationType: 'Create', resourceBody: withoutSystemProperties(item) },
      ];
      const outcome = await executeBatch(this.models(), record.id, operations, what);
      if (outcome.succeeded) return toModelVersion(item, next);
      if (outcome.failedIndex === 0 && outcome.status === 412) return retryAttempt;
      if (outcome.failedIndex === 1 && outcome.status === 409) throw storeErrors.duplicateId('A model version', version.id, cosmosProviderId);
      throw batchFailure(outcome, what);
    }, what);
  }

  /** The version with this id. Crosses partitions: the id alone does not name the registered model. */
  async getModelVersion(id: string): Promise<ModelVersion | null> {
    const item = await this.#findVersionItem(id);
    if (!item) return null;
    const record = await this.records.readItem(item.registeredModelId);
    return record ? toModelVersion(item, record) : null;
  }

  async getModelVersionByNumber(registeredModelId: string, version: number): Promise<ModelVersion | null> {
    const record = await this.records.readItem(registeredModelId);
    if (!record) return null;
    const [item] = await this.#queryVersions(registeredModelId, 'c.version = @version', [{ name: '@version', value: version }]);
    return item ? toModelVersion(item, record) : null;
  }

  async listModelVersions(registeredModelId: string): Promise<ModelVersion[]> {
    const record = await this.records.requireItem(registeredModelId);
    const items = await this.#queryVersions(registeredModelId);
    return items.sort((a, b) => a.version - b.version).map((item) => toModelVersion(item, record));
  }

  /** Every version of every registered model with the record it belongs to. Crosses partitions. */
  async listAllVersionItems(condition?: { query: string; parameters: { name: string; value: unknown }[] }): Promise<ModelVersionItem[]> {
    return queryAll<ModelVersionItem>(
      this.models(),
      { query: `SELECT * FROM c WHERE c.type = @versionType${condition ? ` AND ${condition.query}` : ''}`, parameters: [{ name: '@versionType', value: 'model-version' }, ...((condition?.parameters ?? []) as never[])] },
      'the model versions',
    );
  }

  async updateModelVersion(id: string, update: { description: string | null }): Promise<void> {
    await this.#changeVersion(id, (item) => {
      item.description = update.description;
    });
  }

  async setModelVersionTags(id: string, tags: Tags): Promise<void> {
    await this.#changeVersion(id, (item) => {
      item.tags = Object.fromEntries([...Object.entries(item.tags), ...Object.entries(tags)]);
    });
  }

  async deleteModelVersionTags(id: string, keys: readonly string[]): Promise<void> {
    const removed = new Set(keys);
    await this.#changeVersion(id, (item) => {
      item.tags = Object.fromEntries(Object.entries(item.tags).filter(([key]) => !removed.has(key)));
    });
  }

  /** Removes the version and the aliases pointing at it in one batch with the record's ETag. */
  async deleteModelVersion(id: string): Promise<void> {
    const found = await this.#findVersionItem(id);
    if (!found) throw storeErrors.modelVersionNotFound(`'${id}'`, cosmosProviderId);
    const what = `Deleting model version '${id}'`;
    await retryOnConflict(async () => {
      const record = await this.records.requireItem(found.registeredModelId);
      const aliases = Object.fromEntries(Object.entries(record.aliases).filter(([, versionId]) => versionId !== id));
      const next = { ...withoutSystemProperties(record), aliases };
      const outcome = await executeBatch(
        this.models(),
        record.id,
        [
          { operationType: 'Replace', id: record.id, resourceBody: next, ifMatch: record._etag! },
          { operationType: 'Delete', id },
        ],
        what,
      );
      if (outcome.succeeded) return undefined;
      if (outcome.failedIndex === 0 && outcome.status === 412) return retryAttempt;
      if (outcome.failedIndex === 1 && outcome.status === 404) throw storeErrors.modelVersionNotFound(`'${id}'`, cosmosProviderId);
      throw batchFailure(outcome, what);
    }, what);
  }

  /**
   * Points the alias at the version by replacing the record on its ETag: racing moves
   * commit one at a time, so the alias always names exactly one version.
   */
  async setModelAlias(alias: ModelAlias): Promise<void> {
    await this.records.requireItem(alias.registeredModelId);
    const version = await readItem<ModelVersionItem>(this.models(), alias.modelVersionId, alias.registeredModelId, `model version '${alias.modelVersionId}'`);
    if (version?.type !== 'model-version') {
      if (await this.#findVersionItem(alias.modelVersionId)) throw storeErrors.modelVersionOfAnotherModel(alias.modelVersionId, alias.registeredModelId, cosmosProviderId);
      throw storeErrors.modelVersionNotFound(`'${alias.modelVersionId}'`, cosmosProviderId);
    }
    await this.records.change(alias.registeredModelId, (item) => {
      item.aliases = { ...item.aliases, [alias.alias]: alias.modelVersionId };
    });
    // A delete of the version may have committed between the check and the move.
    if (!(await readItem(this.models(), alias.modelVersionId, alias.registeredModelId, `model version '${alias.modelVersionId}'`))) {
      await this.deleteModelAlias(alias.registeredModelId, alias.alias, alias.modelVersionId);
      throw storeErrors.modelVersionNotFound(`'${alias.modelVersionId}'`, cosmosProviderId);
    }
  }

  /** Removes the alias (only while it names `versionId`, when given). */
  async deleteModelAlias(registeredModelId: string, alias: string, versionId?: string): Promise<void> {
    await this.records.change(registeredModelId, (item) => {
      if (Object.hasOwn(item.aliases, alias) && (versionId === undefined || item.aliases[alias] === versionId)) {
        item.aliases = Object.fromEntries(Object.entries(item.aliases).filter(([name]) => name !== alias));
      }
    });
  }

  async getModelVersionByAlias(registeredModelId: string, alias: string): Promise<ModelVersion | null> {
    const record = await this.records.readItem(registeredModelId);
    if (!record || !Object.hasOwn(record.aliases, alias)) return null;
    const item = await readItem<ModelVersionItem>(this.models(), record.aliases[alias]!, registeredModelId, `model version '${record.aliases[alias]}'`);
    return item?.type === 'model-version' ? toModelVersion(item, record) : null;
  }

  async createDeployment(deployment: Deployment): Promise<void> {
    await this.references.requireDeploymentTarget(deployment.deploymentTargetId);
    await this.records.requireItem(deployment.registeredModelId);
    if (deployment.modelVersionId !== null && !(await readItem(this.models(), deployment.modelVersionId, deployment.registeredModelId, 'model version'))) {
      throw storeErrors.modelVersionNotFound(`'${deployment.modelVersionId}'`, cosmosProviderId);
    }
    if (!(await createItem(this.models(), toDeploymentItem(deployment), `deployment '${deployment.id}'`))) {
      throw storeErrors.duplicateId('A deployment', deployment.id, cosmosProviderId);
    }
  }

  async listDeployments(query: DeploymentQuery): Promise<Deployment[]> {
    const parameters = [{ name: '@type', value: 'deployment' }];
    let condition = 'c.type = @type';
    if (query.deploymentTargetId !== undefined) {
      condition += ' AND c.deploymentTargetId = @target';
      parameters.push({ name: '@target', value: query.deploymentTargetId });
    }
    const scope = query.registeredModelId === undefined ? undefined : { property: 'registeredModelId' as const, value: query.registeredModelId };
    const items = await queryAll<DeploymentItem>(this.models(), { query: `SELECT * FROM c WHERE ${condition}`, parameters }, 'the deployments', scope);
    return items.map(toDeployment).sort((a, b) => a.deployedAt - b.deployedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Removes the target's deployments (in every registered model's partition), then the target. */
  async deleteDeploymentTarget(id: string): Promise<void> {
    await this.references.requireDeploymentTarget(id);
    const deployments = await queryAll<DeploymentItem>(
      this.models(),
      { query: 'SELECT c.id, c.registeredModelId FROM c WHERE c.type = @type AND c.deploymentTargetId = @target', parameters: [{ name: '@type', value: 'deployment' }, { name: '@target', value: id }] },
      `the deployments to target '${id}'`,
    );
    for (const deployment of deployments) await deleteItem(this.models(), deployment.id, deployment.registeredModelId, `deployment '${deployment.id}'`);
    await this.references.deleteDeploymentTargetRecord(id);
  }

  async #queryVersions(registeredModelId: string, condition?: string, parameters: { name: string; value: string | number }[] = []): Promise<ModelVersionItem[]> {
    return queryAll<ModelVersionItem>(
      this.models(),
      { query: `SELECT * FROM c WHERE c.type = @type${condition ? ` AND ${condition}` : ''}`, parameters: [{ name: '@type', value: 'model-version' }, ...parameters] },
      `the versions of registered model '${registeredModelId}'`,
      { property: 'registeredModelId', value: registeredModelId },
    );
  }

  async #findVersionItem(id: string): Promise<(ModelVersionItem & ItemDefinition) | null> {
    const [item] = await queryAll<ModelVersionItem & ItemDefinition>(
      this.models(),
      { query: 'SELECT * FROM c WHERE c.type = @type AND c.id = @id', parameters: [{ name: '@type', value: 'model-version' }, { name: '@id', value: id }] },
      `model version '${id}'`,
    );
    return item ?? null;
  }

  /** Read-modify-write of a version on its ETag. @throws NOT_FOUND. */
  async #changeVersion(id: string, change: (item: ModelVersionItem) => void): Promise<void> {
    await retryOnConflict(async () => {
      const item = await this.#findVersionItem(id);
      if (!item) throw storeErrors.modelVersionNotFound(`'${id}'`, cosmosProviderId);
      const next = structuredClone(withoutSystemProperties(item)) as unknown as ModelVersionItem;
      change(next);
      try {
        await this.models().item(id, item.registeredModelId).replace(withoutSystemProperties(next), { accessCondition: { type: 'IfMatch', condition: item._etag! } });
        return undefined;
      } catch (error) {
        if (cosmosStatusOf(error) === 412) return retryAttempt;
        throw translateCosmosError(error, `Updating model version '${id}'`);
      }
    }, `Updating model version '${id}'`);
  }
}
