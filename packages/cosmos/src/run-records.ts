import type { Container } from '@azure/cosmos';
import {
  storeErrors,
  type ConfusionMatrix,
  type DataDistribution,
  type DataSet,
  type ModelSchema,
  type PackageDependency,
  type RunArtifact,
} from '@mlops-ts/core';
import { retryAttempt, retryOnConflict } from './conflict-retry.js';
import { cosmosProviderId, cosmosStatusOf, translateCosmosError } from './cosmos-errors.js';
import { dataSetItemId, fixedItemIds } from './document-ids.js';
import { createItem, queryAll, readItem } from './item-access.js';
import {
  toConfusionMatrix,
  toConfusionMatrixItem,
  toDataSet,
  toDataSetItem,
  toModelSchema,
  toModelSchemaItem,
  toPackageDependenciesItem,
  toRunArtifact,
  toRunArtifactItem,
  type RunArtifactItem,
} from './items.js';
import { withoutSystemProperties } from './system-properties.js';

/**
 * What a run holds besides its item: confusion matrix, data sets, artifacts, model schema
 * and package dependencies, each an item in the run's partition of the runs container, so
 * every read here is a point read or a query within one partition, except finding an
 * artifact by its id alone.
 */
export class RunRecords {
  constructor(
    private readonly container: () => Container,
    /** Throws NOT_FOUND when the run does not exist. */
    private readonly requireRun: (runId: string) => Promise<unknown>,
    /** Throws NOT_FOUND when the run does not exist and CONFLICT when it is deleted (reading it afresh). */
    private readonly requireWritableRun: (runId: string) => Promise<unknown>,
  ) {}

  async saveConfusionMatrix(matrix: ConfusionMatrix): Promise<void> {
    await this.requireWritableRun(matrix.runId);
    await this.#upsert(toConfusionMatrixItem(matrix), `the confusion matrix of run '${matrix.runId}'`);
  }

  async getConfusionMatrix(runId: string): Promise<ConfusionMatrix | null> {
    const item = await this.#readOwnItem<{ matrix: unknown }>(runId, fixedItemIds.confusionMatrix, `the confusion matrix of run '${runId}'`);
    return item ? toConfusionMatrix(item) : null;
  }

  async saveModelSchema(schema: ModelSchema): Promise<void> {
    await this.requireWritableRun(schema.runId);
    await this.#upsert(toModelSchemaItem(schema), `the model schema of run '${schema.runId}'`);
  }

  async getModelSchema(runId: string): Promise<ModelSchema | null> {
    const item = await this.#readOwnItem<{ schema: ModelSchema }>(runId, fixedItemIds.modelSchema, `the model schema of run '${runId}'`);
    return item ? toModelSchema(item) : null;
  }

  async savePackageDependencies(runId: string, dependencies: Omit<PackageDependency, 'runId'>[]): Promise<void> {
    await this.requireWritableRun(runId);
    await this.#upsert(toPackageDependenciesItem(runId, dependencies), `the package dependencies of run '${runId}'`);
  }

  async listPackageDependencies(runId: string): Promise<PackageDependency[]> {
    const item = await this.#readOwnItem<{ dependencies: { name: string; version: string }[] }>(
      runId,
      fixedItemIds.packageDependencies,
      `the package dependencies of run '${runId}'`,
    );
    return (item?.dependencies ?? [])
      .map(({ name, version }) => ({ runId, name, version }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Stores a data set; replacing one of the same name keeps its distributions when the new one has none. */
  async saveDataSet(dataSet: DataSet): Promise<void> {
    const id = dataSetItemId(dataSet.name);
    const what = `data set '${dataSet.name}' of run '${dataSet.runId}'`;
    await this.requireWritableRun(dataSet.runId);
    await retryOnConflict(async () => {
      const stored = await readItem<{ dataSet: unknown; _etag: string }>(this.container(), id, dataSet.runId, what);
      if (!stored) {
        await this.requireRun(dataSet.runId);
        return (await createItem(this.container(), toDataSetItem(dataSet), what)) ? undefined : retryAttempt;
      }
      const kept = dataSet.distributions.length === 0 ? { ...dataSet, distributions: toDataSet(stored).distributions } : dataSet;
      return this.#replaceIfUnchanged(toDataSetItem(kept), stored._etag, dataSet.runId, what);
    }, `Saving ${what}`);
  }

  /** Upserts one column's distribution on a stored data set. */
  async saveDataDistribution(runId: string, dataSetName: string, distribution: DataDistribution): Promise<void> {
    const id = dataSetItemId(dataSetName);
    const what = `data set '${dataSetName}' of run '${runId}'`;
    await this.requireWritableRun(runId);
    await retryOnConflict(async () => {
      const stored = await readItem<{ dataSet: unknown; _etag: string }>(this.container(), id, runId, what);
      if (!stored) {
        await this.requireRun(runId);
        throw storeErrors.dataSetNotFound(runId, dataSetName, cosmosProviderId);
      }
      const dataSet = toDataSet(stored);
      const index = dataSet.distributions.findIndex((existing) => existing.column === distribution.column);
      if (index === -1) dataSet.distributions.push(distribution);
      else dataSet.distributions[index] = distribution;
      return this.#replaceIfUnchanged(toDataSetItem(dataSet), stored._etag, runId, what);
    }, `Saving a distribution of ${what}`);
  }

  async listDataSets(runId: string): Promise<DataSet[]> {
    const items = await queryAll<{ dataSet: unknown }>(
      this.container(),
      { query: 'SELECT c.dataSet FROM c WHERE c.type = @type', parameters: [{ name: '@type', value: 'data-set' }] },
      `the data sets of run '${runId}'`,
      { property: 'runId', value: runId },
    );
    if (items.length === 0) await this.requireRun(runId);
    return items.map(toDataSet).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Stores artifact metadata; the item id derives from the name, so a second artifact of that name is a 409. */
  async createRunArtifact(artifact: RunArtifact): Promise<void> {
    await this.requireWritableRun(artifact.runId);
    if (!(await createItem(this.container(), toRunArtifactItem(artifact), `artifact '${artifact.name}' of run '${artifact.runId}'`))) {
      throw storeErrors.artifactExists(artifact.runId, artifact.name, cosmosProviderId);
    }
  }

  /**
   * The artifact with this id. Searches the run's partition when `runId` is known; otherwise
   * the query crosses partitions (registering a model is the one caller, and is rare).
   */
  async getRunArtifact(id: string, runId?: string): Promise<RunArtifact | null> {
    const items = await queryAll<RunArtifactItem>(
      this.container(),
      {
        query: 'SELECT * FROM c WHERE c.type = @type AND c.artifactId = @id',
        parameters: [
          { name: '@type', value: 'run-artifact' },
          { name: '@id', value: id },
        ],
      },
      `run artifact '${id}'`,
      runId === undefined ? undefined : { property: 'runId', value: runId },
    );
    return items[0] ? toRunArtifact(items[0]) : null;
  }

  async listRunArtifacts(runId: string): Promise<RunArtifact[]> {
    const items = await queryAll<RunArtifactItem>(
      this.container(),
      { query: 'SELECT * FROM c WHERE c.type = @type', parameters: [{ name: '@type', value: 'run-artifact' }] },
      `the artifacts of run '${runId}'`,
      { property: 'runId', value: runId },
    );
    if (items.length === 0) await this.requireRun(runId);
    return items.map(toRunArtifact).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  // ---------------------------------------------------------------- internals

  /** Reads one of the run's single items; null when absent, NOT_FOUND when the run is. */
  async #readOwnItem<Item>(runId: string, id: string, what: string): Promise<Item | null> {
    const item = await readItem<Item>(this.container(), id, runId, what);
    if (!item) await this.requireRun(runId);
    return item;
  }

  async #upsert(item: { id: string; runId: string }, what: string): Promise<void> {
    try {
      await this.container().items.upsert(item);
    } catch (error) {
      throw translateCosmosError(error, `Writing ${what}`);
    }
  }

  async #replaceIfUnchanged(item: { id: string; runId: string }, etag: string, runId: string, what: string): Promise<undefined | typeof retryAttempt> {
    try {
      await this.container()
        .item(item.id, runId)
        .replace(withoutSystemProperties(item), { accessCondition: { type: 'IfMatch', condition: etag } });
      return undefined;
    } catch (error) {
      const status = cosmosStatusOf(error);
      if (status === 412 || status === 404) return retryAttempt;
      throw translateCosmosError(error, `Writing ${what}`);
    }
  }
}
