import {
  formatFilter,
  formatOrderBy,
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
import { isPossibleId, segment, type ApiClient } from './api-client.js';

/**
 * The model registry part of the remote store: registered models, versions, tags, aliases,
 * searches and deployments, each a call of the server's `/api/v1`.
 */
export abstract class RemoteRegistryStore implements ModelRegistryStoreV1 {
  /** The server's API, with the token. */
  protected readonly api: ApiClient;

  protected constructor(api: ApiClient) {
    this.api = api;
  }

  async createRegisteredModel(model: RegisteredModel): Promise<RegisteredModel> {
    // Insert-or-get by name: a repeat answers the stored model, so it is safe to retry.
    return this.api.json({ method: 'POST', path: '/registered-models', body: model, isIdempotent: true, action: `create registered model '${model.name}'` });
  }

  async getRegisteredModelById(id: string): Promise<RegisteredModel | null> {
    if (!isPossibleId(id)) return null;
    return this.api.jsonOrNull({ method: 'GET', path: `/registered-models/${segment(id)}`, action: `read registered model '${id}'` });
  }

  async getRegisteredModelByName(name: string): Promise<RegisteredModel | null> {
    const { registeredModels } = await this.api.json<{ registeredModels: RegisteredModel[] }>({ method: 'GET', path: '/registered-models', query: { name }, action: `find registered model '${name}'` });
    return registeredModels[0] ?? null;
  }

  async listRegisteredModels(): Promise<RegisteredModel[]> {
    return (await this.api.json<{ registeredModels: RegisteredModel[] }>({ method: 'GET', path: '/registered-models', action: 'list registered models' })).registeredModels;
  }

  async updateRegisteredModel(id: string, update: RegisteredModelUpdate): Promise<RegisteredModel> {
    return this.api.json({ method: 'PATCH', path: `/registered-models/${segment(id)}`, body: update, action: `update registered model '${id}'` });
  }

  async setRegisteredModelTags(id: string, tags: Tags, updatedAt: number): Promise<void> {
    await this.api.send({ method: 'PATCH', path: `/registered-models/${segment(id)}/tags`, body: { tags, updatedAt }, action: `tag registered model '${id}'` });
  }

  async deleteRegisteredModelTags(id: string, keys: string[], updatedAt: number): Promise<void> {
    if (keys.length === 0) {
      await this.#requireRegisteredModel(id);
      return;
    }
    await this.api.send({ method: 'DELETE', path: `/registered-models/${segment(id)}/tags`, query: { key: keys, updatedAt }, action: `delete tags of registered model '${id}'` });
  }

  async deleteRegisteredModel(id: string): Promise<void> {
    await this.api.send({ method: 'DELETE', path: `/registered-models/${segment(id)}`, action: `delete registered model '${id}'` });
  }

  async createModelVersion(version: NewModelVersion): Promise<ModelVersion> {
    // Not idempotent: a repeat would register a second version. Sent again only when it never left.
    return this.api.json({
      method: 'POST',
      path: `/registered-models/${segment(version.registeredModelId)}/versions`,
      body: { ...version, registeredModelId: undefined },
      action: `register a version of registered model '${version.registeredModelId}'`,
    });
  }

  async getModelVersion(id: string): Promise<ModelVersion | null> {
    if (!isPossibleId(id)) return null;
    return this.api.jsonOrNull({ method: 'GET', path: `/model-versions/${segment(id)}`, action: `read model version '${id}'` });
  }

  async getModelVersionByNumber(registeredModelId: string, version: number): Promise<ModelVersion | null> {
    const found = await this.api.jsonOrNull<{ modelVersions: ModelVersion[] }>({
      method: 'GET',
      path: `/registered-models/${segment(registeredModelId)}/versions`,
      query: { version },
      action: `read version ${version} of registered model '${registeredModelId}'`,
    });
    return found?.modelVersions[0] ?? null;
  }

  async listModelVersions(registeredModelId: string): Promise<ModelVersion[]> {
    const found = await this.api.jsonOrNull<{ modelVersions: ModelVersion[] }>({
      method: 'GET',
      path: `/registered-models/${segment(registeredModelId)}/versions`,
      action: `list the versions of registered model '${registeredModelId}'`,
    });
    return found?.modelVersions ?? [];
  }

  async updateModelVersion(id: string, update: { description: string | null }): Promise<void> {
    await this.api.send({ method: 'PATCH', path: `/model-versions/${segment(id)}`, body: { description: update.description }, action: `describe model version '${id}'` });
  }

  async setModelVersionTags(id: string, tags: Tags): Promise<void> {
    await this.api.send({ method: 'PATCH', path: `/model-versions/${segment(id)}/tags`, body: { tags }, action: `tag model version '${id}'` });
  }

  async deleteModelVersionTags(id: string, keys: string[]): Promise<void> {
    if (keys.length === 0) {
      await this.api.json({ method: 'GET', path: `/model-versions/${segment(id)}`, action: `read model version '${id}'` });
      return;
    }
    await this.api.send({ method: 'DELETE', path: `/model-versions/${segment(id)}/tags`, query: { key: keys }, action: `delete tags of model version '${id}'` });
  }

  async deleteModelVersion(id: string): Promise<void> {
    await this.api.send({ method: 'DELETE', path: `/model-versions/${segment(id)}`, action: `delete model version '${id}'` });
  }

  async setModelAlias(alias: ModelAlias): Promise<void> {
    await this.api.send({
      method: 'PUT',
      path: `/registered-models/${segment(alias.registeredModelId)}/aliases/${segment(alias.alias)}`,
      body: { modelVersionId: alias.modelVersionId },
      action: `point alias '${alias.alias}' at model version '${alias.modelVersionId}'`,
    });
  }

  async deleteModelAlias(registeredModelId: string, alias: string): Promise<void> {
    await this.api.send({ method: 'DELETE', path: `/registered-models/${segment(registeredModelId)}/aliases/${segment(alias)}`, action: `delete alias '${alias}'` });
  }

  async getModelVersionByAlias(registeredModelId: string, alias: string): Promise<ModelVersion | null> {
    return this.api.jsonOrNull({ method: 'GET', path: `/registered-models/${segment(registeredModelId)}/aliases/${segment(alias)}`, action: `resolve alias '${alias}'` });
  }

  async searchModelVersions(query: ModelVersionSearchQuery): Promise<ModelVersionSearchPage> {
    return this.api.json({ method: 'POST', path: '/model-versions/search-page', body: registrySearchBody(query), isIdempotent: true, action: 'search model versions' });
  }

  async searchRegisteredModels(query: RegisteredModelSearchQuery): Promise<RegisteredModelSearchPage> {
    return this.api.json({ method: 'POST', path: '/registered-models/search-page', body: registrySearchBody(query), isIdempotent: true, action: 'search registered models' });
  }

  async createDeployment(deployment: Deployment): Promise<void> {
    // Not idempotent: the history would gain a second record. Sent again only when it never left.
    await this.api.send({ method: 'POST', path: '/deployments', body: deployment, action: `record a deployment to target '${deployment.deploymentTargetId}'` });
  }

  async listDeployments(query: DeploymentQuery): Promise<Deployment[]> {
    const { deployments } = await this.api.json<{ deployments: Deployment[] }>({
      method: 'GET',
      path: '/deployments',
      query: { registeredModelId: query.registeredModelId, deploymentTargetId: query.deploymentTargetId },
      action: 'list deployments',
    });
    return deployments;
  }

  async deleteDeploymentTarget(id: string): Promise<void> {
    await this.api.send({ method: 'DELETE', path: `/deployment-targets/${segment(id)}`, action: `delete deployment target '${id}'` });
  }

  async #requireRegisteredModel(id: string): Promise<void> {
    await this.api.json({ method: 'GET', path: `/registered-models/${segment(id)}`, action: `read registered model '${id}'` });
  }
}

/** A parsed registry search as the server's search-page routes read it: filter text and order terms. */
function registrySearchBody(query: ModelVersionSearchQuery | RegisteredModelSearchQuery) {
  return {
    ...(query.filter === undefined ? {} : { filter: formatFilter(query.filter) }),
    orderBy: formatOrderBy(query.orderBy),
    limit: query.limit,
    offset: query.offset,
    ...(query.maxId === undefined ? {} : { maxId: query.maxId }),
  };
}
