import type { Readable } from 'node:stream';
import type { Deployment, DeploymentTarget } from '../spec/v1/index.js';
import { MLOpsError } from '../errors.js';
import { uuidv7 } from '../ids.js';
import type { MetadataStoreV1 } from '../spec/v1/metadata-store.js';
import type { ModelRepositoryV1 } from '../spec/v1/model-repository.js';
import { validateName } from '../validation.js';
import { defaultDownloadUrlExpirySeconds, downloadUrlCapabilityOf, validateExpiresInSeconds } from '../repositories/download-url.js';
import { deleteTarget, rollbackModel, undeployModel } from './model-deployment-changes.js';
import { deployVersion, servedFileKey, servedUri, servedVersion } from './model-deployments.js';
import { resolveRegisteredModel, type ModelVersionRef, type RegisteredModelRef } from './model-registry-resolve.js';
import type { DeploymentTargetRef } from './resolve.js';

export interface CreateDeploymentTargetOptions {
  /** Marks the target that serves real traffic. Default false. */
  isProduction?: boolean;
}

/** Options of `deployment.deployModel`. */
export interface DeployModelOptions {
  /**
   * Where the deployment serves, recorded as its URI (what `getDeploymentUri` answers), e.g.
   * the URL of a Kubernetes service a package rolled the model out to. Default: the
   * repository's URI of the target's copy of the model.
   */
  uri?: string;
}

/** Options of `deployment.getDeployedModelUrl`. */
export interface DeployedModelUrlOptions {
  /** How long the URL works, in seconds: a whole number from 1 to the repository's maximum (S3: 604 800). Default 3600. */
  expiresInSeconds?: number;
}

/** Deployment targets (Test, Stage, Production …) and the models deployed to them. */
export class DeploymentCatalog {
  constructor(
    private readonly store: MetadataStoreV1,
    private readonly repository: ModelRepositoryV1,
  ) {}

  /** Creates a target, or returns the existing one with that name. */
  async createDeploymentTarget(name: string, options: CreateDeploymentTargetOptions = {}): Promise<DeploymentTarget> {
    validateName('deployment target name', name);
    return this.store.createDeploymentTarget({ id: uuidv7(), name, isProduction: options.isProduction === true, createdAt: Date.now() });
  }

  /** All targets, oldest first. */
  getDeploymentTargets(): Promise<DeploymentTarget[]> {
    return this.store.listDeploymentTargets();
  }

  /**
   * Deletes a target (by object, id or name) with its deployment history; its name can be
   * used again. @throws CONFLICT naming the registered models it still serves (undeploy
   * them first); NOT_FOUND for an unknown target.
   */
  deleteDeploymentTarget(target: DeploymentTargetRef): Promise<void> {
    return deleteTarget(this.store, this.repository, target);
  }

  /**
   * Deploys a model version to a target: copies its file (or its folder's files) inside
   * the repository to the target's folder for its registered model, each copy replacing
   * what the target served atomically, removes files the new version does not have, and
   * records the deployment, keeping the history. The target then serves this version for
   * the registered model (other registered models on the target are untouched).
   * @param version the version, its id, or a URI such as 'models:/iris-classifier@champion'.
   * @param options.uri where the deployment serves, recorded instead of the repository's URI.
   * @throws NOT_FOUND when the target or version does not exist; INVALID_ARGUMENT for a uri that is not an absolute URL.
   */
  async deployModel(target: DeploymentTargetRef, version: ModelVersionRef, deployedBy: string, options: DeployModelOptions = {}): Promise<Deployment> {
    validateName('deployedBy', deployedBy);
    if (options?.uri !== undefined && (typeof options.uri !== 'string' || !URL.canParse(options.uri) || options.uri.length > 2048)) {
      throw new MLOpsError('INVALID_ARGUMENT', `The deployment uri ${JSON.stringify(options.uri)} is not an absolute URL. Pass e.g. 'http://iris.models.svc.cluster.local'.`);
    }
    return deployVersion(this.store, this.repository, target, version, deployedBy, options?.uri);
  }

  /**
   * The URI of the model the target serves for the registered model (a name or id; an
   * experiment's name where a registered model is named after it): the deployment's `uri`,
   * or, for a copy the first release made, the URI of the key the upgrade moved it to.
   * @throws NOT_FOUND when nothing is deployed.
   */
  async getDeploymentUri(model: RegisteredModelRef, target: DeploymentTargetRef): Promise<string> {
    return servedUri(this.store, this.repository, await servedVersion(this.store, model, target));
  }

  /** The registered model's deployments to every target, oldest first: the full history. */
  async getDeployments(model: RegisteredModelRef): Promise<Deployment[]> {
    return this.store.listDeployments({ registeredModelId: (await resolveRegisteredModel(this.store, model)).id });
  }

  /** The deployment of the registered model that the target serves now. Throws NOT_FOUND when nothing is deployed. */
  async getCurrentDeployment(model: RegisteredModelRef, target: DeploymentTargetRef): Promise<Deployment> {
    return (await servedVersion(this.store, model, target)).deployment;
  }

  /**
   * Stops the target serving the registered model: records it in the history (a
   * deployment whose `modelVersionId` and `uri` are null) and removes the target's copy.
   * @throws NOT_FOUND when nothing of the model is deployed to the target.
   */
  async undeploy(model: RegisteredModelRef, target: DeploymentTargetRef, deployedBy: string): Promise<Deployment> {
    validateName('deployedBy', deployedBy);
    return undeployModel(this.store, this.repository, model, target, deployedBy);
  }

  /**
   * Deploys again the version the target served for the registered model before the
   * current one (after an undeploy: the last one it served). The history keeps both.
   * @throws NOT_FOUND when the target served no other version before, or it was deleted.
   */
  async rollback(model: RegisteredModelRef, target: DeploymentTargetRef, deployedBy: string): Promise<Deployment> {
    validateName('deployedBy', deployedBy);
    return rollbackModel(this.store, this.repository, model, target, deployedBy);
  }

  /**
   * A stream of the model file the target serves now for the registered model.
   * @throws NOT_FOUND when nothing is deployed; INVALID_ARGUMENT when a folder version is.
   */
  async openDeployedModel(model: RegisteredModelRef, target: DeploymentTargetRef): Promise<Readable> {
    return this.repository.get(await this.#currentDeploymentKey(model, target));
  }

  /**
   * A URL of the model the target serves now, which a plain HTTP client (fetch, curl) can
   * GET without credentials until it expires: an S3 presigned GET, an Azure Blob SAS URL,
   * or a `file://` URL (which does not expire) for local files. `getDeploymentUri` still
   * says where the deployment lives.
   * @param options.expiresInSeconds how long the URL works, in seconds. Default 3600.
   * @throws MLOpsError NOT_FOUND when nothing is deployed; INVALID_ARGUMENT for a bad
   *   expiry; UNSUPPORTED when the model repository cannot give such URLs.
   */
  async getDeployedModelUrl(model: RegisteredModelRef, target: DeploymentTargetRef, options: DeployedModelUrlOptions = {}): Promise<string> {
    const expiresInSeconds = validateExpiresInSeconds(options.expiresInSeconds ?? defaultDownloadUrlExpirySeconds);
    const getDownloadUrl = downloadUrlCapabilityOf(this.repository);
    return getDownloadUrl(await this.#currentDeploymentKey(model, target), { expiresInSeconds });
  }

  /** The repository key of the model file the target serves now for the registered model. */
  async #currentDeploymentKey(model: RegisteredModelRef, target: DeploymentTargetRef): Promise<string> {
    return servedFileKey(this.store, this.repository, await servedVersion(this.store, model, target));
  }
}
