import type { Container, OperationInput } from '@azure/cosmos';
import { MLOpsError, storeErrors, type Deployment, type RegisteredModel } from '@mlops-ts/core';
import { retryAttempt, retryOnConflict } from './conflict-retry.js';
import { cosmosProviderId } from './cosmos-errors.js';
import { fixedItemIds } from './document-ids.js';
import { createItem, queryAll, readItem } from './item-access.js';
import { toDeployment, toRegisteredModel, type DeploymentItem, type ModelVersionCounterItem, type RegisteredModelItem } from './items.js';
import { withoutSystemProperties } from './system-properties.js';
import { batchFailure, executeBatch } from './transactional-batch.js';

/** Checks the registry needs from the other containers; each throws NOT_FOUND. */
export interface RegistryReferences {
  requireExperiment(experimentId: string): Promise<void>;
  requireRun(runId: string): Promise<unknown>;
  requireRunArtifact(runArtifactId: string, runId: string): Promise<void>;
  requireDeploymentTarget(targetId: string): Promise<void>;
}

/**
 * Registered models and deployments in the registry container, partitioned by
 * `/experimentId`: an experiment's versions, its version counter and its deployments share
 * a partition, so listing them is a single-partition query and a version is assigned in a
 * transactional batch with the model it numbers.
 */
export class RegistryStore {
  constructor(
    private readonly container: () => Container,
    private readonly references: RegistryReferences,
  ) {}

  /**
   * Inserts the model with the experiment's next version. The counter item is replaced on
   * the condition of the ETag it was read with (or created, for the first version) in the
   * same transactional batch that creates the model: of concurrent registrations only one
   * commits per version, the others re-read the counter and try the next number. Versions
   * are 1, 2, 3 … without gaps or repeats, across processes.
   */
  async createRegisteredModel(model: Omit<RegisteredModel, 'version'>): Promise<RegisteredModel> {
    await this.references.requireExperiment(model.experimentId);
    await this.references.requireRun(model.runId);
    await this.references.requireRunArtifact(model.runArtifactId, model.runId);
    const what = `Registering a model version of experiment '${model.experimentId}'`;
    return retryOnConflict(async () => {
      const counter = await readItem<ModelVersionCounterItem>(
        this.container(),
        fixedItemIds.modelVersionCounter,
        model.experimentId,
        `the model version counter of experiment '${model.experimentId}'`,
      );
      const version = (counter?.lastVersion ?? 0) + 1;
      const nextCounter: ModelVersionCounterItem = {
        id: fixedItemIds.modelVersionCounter,
        experimentId: model.experimentId,
        type: 'model-version-counter',
        lastVersion: version,
      };
      const registered: RegisteredModel = { ...toRegisteredModel({ ...model, version }) };
      const item: RegisteredModelItem = { ...registered, type: 'registered-model' };
      const operations: OperationInput[] = [
        counter
          ? { operationType: 'Replace', id: nextCounter.id, resourceBody: withoutSystemProperties(nextCounter), ifMatch: counter._etag! }
          : { operationType: 'Create', resourceBody: withoutSystemProperties(nextCounter) },
        { operationType: 'Create', resourceBody: withoutSystemProperties(item) },
      ];
      const outcome = await executeBatch(this.container(), model.experimentId, operations, what);
      if (outcome.succeeded) return registered;
      // The counter moved (412) or was created by someone else (409): take the next number.
      if (outcome.failedIndex === 0 && (outcome.status === 412 || outcome.status === 409)) return retryAttempt;
      if (outcome.failedIndex === 1 && outcome.status === 409) {
        throw new MLOpsError('CONFLICT', `A registered model with id '${model.id}' is already stored. Generate a fresh id (uuidv7()) for each new record.`, {
          providerId: cosmosProviderId,
        });
      }
      throw batchFailure(outcome, what);
    }, what);
  }

  /** The model with this id. Crosses partitions: the id alone does not name the experiment. */
  async getRegisteredModel(id: string): Promise<RegisteredModel | null> {
    const items = await queryAll<RegisteredModelItem>(
      this.container(),
      {
        query: 'SELECT * FROM c WHERE c.type = @type AND c.id = @id',
        parameters: [
          { name: '@type', value: 'registered-model' },
          { name: '@id', value: id },
        ],
      },
      `registered model '${id}'`,
    );
    return items[0] ? toRegisteredModel(items[0]) : null;
  }

  async listRegisteredModels(experimentId: string): Promise<RegisteredModel[]> {
    const items = await queryAll<RegisteredModelItem>(
      this.container(),
      { query: 'SELECT * FROM c WHERE c.type = @type', parameters: [{ name: '@type', value: 'registered-model' }] },
      `the registered models of experiment '${experimentId}'`,
      { property: 'experimentId', value: experimentId },
    );
    return items.map(toRegisteredModel).sort((a, b) => a.version - b.version);
  }

  async createDeployment(deployment: Deployment): Promise<void> {
    await this.references.requireDeploymentTarget(deployment.deploymentTargetId);
    // Normally the model is in the deployment's experiment: a point read. Otherwise look everywhere.
    const sameExperiment = await readItem<RegisteredModelItem>(
      this.container(),
      deployment.registeredModelId,
      deployment.experimentId,
      `registered model '${deployment.registeredModelId}'`,
    );
    const model = sameExperiment?.type === 'registered-model' ? sameExperiment : await this.getRegisteredModel(deployment.registeredModelId);
    if (!model) throw storeErrors.registeredModelNotFound(deployment.registeredModelId, cosmosProviderId);
    const item: DeploymentItem = { ...toDeployment(deployment), type: 'deployment' };
    if (!(await createItem(this.container(), item, `deployment '${deployment.id}'`))) {
      throw new MLOpsError('CONFLICT', `A deployment with id '${deployment.id}' is already stored. Generate a fresh id (uuidv7()) for each new record.`, {
        providerId: cosmosProviderId,
      });
    }
  }

  async listDeployments(experimentId: string): Promise<Deployment[]> {
    const items = await queryAll<DeploymentItem>(
      this.container(),
      { query: 'SELECT * FROM c WHERE c.type = @type', parameters: [{ name: '@type', value: 'deployment' }] },
      `the deployments of experiment '${experimentId}'`,
      { property: 'experimentId', value: experimentId },
    );
    return items.map(toDeployment).sort((a, b) => a.deployedAt - b.deployedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
