import type { Readable } from 'node:stream';
import type { Deployment, DeploymentTarget } from '../spec/v1/index.js';
import { MLOpsError } from '../errors.js';
import { uuidv7 } from '../ids.js';
import type { MetadataStoreV1 } from '../spec/v1/metadata-store.js';
import type { ModelRepositoryV1 } from '../spec/v1/model-repository.js';
import { storeErrors } from '../store-errors.js';
import { validateName } from '../validation.js';
import { defaultDownloadUrlExpirySeconds, downloadUrlCapabilityOf, validateExpiresInSeconds } from '../repositories/download-url.js';
import { deploymentKey, runArtifactKey } from './artifact-keys.js';
import {
  resolveDeploymentTarget,
  resolveExperiment,
  resolveRegisteredModel,
  type DeploymentTargetRef,
  type ExperimentRef,
  type RegisteredModelRef,
} from './resolve.js';

export interface CreateDeploymentTargetOptions {
  /** Marks the target that serves real traffic. Default false. */
  isProduction?: boolean;
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
   * Deploys a registered model to a target: copies it inside the repository to the
   * target's key (atomically replacing what the target served) and records the
   * deployment, keeping the history.
   */
  async deployModel(target: DeploymentTargetRef, registeredModel: RegisteredModelRef, deployedBy: string): Promise<Deployment> {
    validateName('deployedBy', deployedBy);
    const foundTarget = await resolveDeploymentTarget(this.store, target);
    const model = await resolveRegisteredModel(this.store, registeredModel);
    const artifact = await this.store.getRunArtifact(model.runArtifactId);
    if (!artifact) throw storeErrors.artifactNotFound(model.runArtifactId, this.store.providerId);
    const experiment = await resolveExperiment(this.store, model.experimentId);
    const key = deploymentKey(experiment.name, foundTarget.name, artifact.name);
    await this.repository.copy(runArtifactKey(artifact.runId, artifact.name), key);
    const deployment: Deployment = {
      id: uuidv7(),
      deploymentTargetId: foundTarget.id,
      registeredModelId: model.id,
      experimentId: experiment.id,
      deployedBy,
      deployedAt: Date.now(),
      uri: this.repository.uri(key),
    };
    await this.store.createDeployment(deployment);
    return deployment;
  }

  /** The URI of the model the target serves for the experiment. Throws NOT_FOUND when nothing is deployed. */
  async getDeploymentUri(experiment: ExperimentRef, target: DeploymentTargetRef): Promise<string> {
    return (await this.getCurrentDeployment(experiment, target)).uri;
  }

  /** The experiment's deployments, oldest first: the full history. */
  async getDeployments(experiment: ExperimentRef): Promise<Deployment[]> {
    return this.store.listDeployments((await resolveExperiment(this.store, experiment)).id);
  }

  /** The latest deployment of the experiment to the target. Throws NOT_FOUND when nothing is deployed. */
  async getCurrentDeployment(experiment: ExperimentRef, target: DeploymentTargetRef): Promise<Deployment> {
    const foundExperiment = await resolveExperiment(this.store, experiment);
    const foundTarget = await resolveDeploymentTarget(this.store, target);
    const deployments = await this.store.listDeployments(foundExperiment.id);
    const current = deployments.filter((deployment) => deployment.deploymentTargetId === foundTarget.id).at(-1);
    if (!current) {
      throw new MLOpsError(
        'NOT_FOUND',
        `Nothing of experiment '${foundExperiment.name}' is deployed to '${foundTarget.name}'. Deploy a model with deployment.deployModel('${foundTarget.name}', registeredModel, deployedBy).`,
        { providerId: this.store.providerId },
      );
    }
    return current;
  }

  /** A stream of the model the target serves now for the experiment. */
  async openDeployedModel(experiment: ExperimentRef, target: DeploymentTargetRef): Promise<Readable> {
    return this.repository.get(await this.#currentDeploymentKey(experiment, target));
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
  async getDeployedModelUrl(experiment: ExperimentRef, target: DeploymentTargetRef, options: DeployedModelUrlOptions = {}): Promise<string> {
    const expiresInSeconds = validateExpiresInSeconds(options.expiresInSeconds ?? defaultDownloadUrlExpirySeconds);
    const getDownloadUrl = downloadUrlCapabilityOf(this.repository);
    return getDownloadUrl(await this.#currentDeploymentKey(experiment, target), { expiresInSeconds });
  }

  /** The repository key of the model the target serves now for the experiment. */
  async #currentDeploymentKey(experiment: ExperimentRef, target: DeploymentTargetRef): Promise<string> {
    const deployment = await this.getCurrentDeployment(experiment, target);
    const model = await resolveRegisteredModel(this.store, deployment.registeredModelId);
    const artifact = await this.store.getRunArtifact(model.runArtifactId);
    if (!artifact) throw storeErrors.artifactNotFound(model.runArtifactId, this.store.providerId);
    const foundExperiment = await resolveExperiment(this.store, deployment.experimentId);
    const foundTarget = await resolveDeploymentTarget(this.store, deployment.deploymentTargetId);
    return deploymentKey(foundExperiment.name, foundTarget.name, artifact.name);
  }
}
