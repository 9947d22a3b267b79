import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { MLOpsError, type Deployment, type MLOpsContext, type ModelVersion } from '@mlops-ts/core';

import type { DeployedModelInfo } from './loaded-model.js';

/** What a predictor serves at a moment, and how to read it. */
export interface ServedModel {
  /** Changes exactly when another model should be loaded (a deployment's or a version's id). */
  key: string;
  /** The deployment behind it, when the model came to the predictor through one. */
  deployment: Deployment | undefined;
  /** Reads the model's bytes and describes it. */
  read(): Promise<{ bytes: Buffer; info: Omit<DeployedModelInfo, 'loadedAt' | 'signature'> }>;
}

/** Where a predictor takes its model from: what a target serves, or what a models:/ URI names. */
export interface PredictorSource {
  /** Names it in messages, e.g. "'iris' on 'Production'" or 'models:/iris@champion'. */
  readonly description: string;
  /** What to do while nothing is there, for messages. */
  readonly whenEmpty: string;
  /** What serves now. @throws MLOpsError NOT_FOUND when nothing does. */
  current(): Promise<ServedModel>;
}

/** The model a target serves for a registered model (a name or id; an experiment's name where a registered model is named after it). */
export function deployedModelSource(mlops: MLOpsContext, model: string, target: string): PredictorSource {
  return {
    description: `'${model}' on '${target}'`,
    whenEmpty: `Deploy a version with deployment.deployModel('${target}', version, deployedBy); the predictor picks it up.`,
    async current() {
      const deployment = await mlops.deployment.getCurrentDeployment(model, target);
      return {
        key: deployment.id,
        deployment,
        async read() {
          const [bytes, version, foundTarget] = await Promise.all([
            mlops.deployment.openDeployedModel(model, target).then((stream) => buffer(stream)),
            mlops.metadataStore.getModelVersion(deployment.modelVersionId!),
            mlops.metadataStore.getDeploymentTargetById(deployment.deploymentTargetId),
          ]);
          return {
            bytes,
            info: {
              ...versionInfo(version, deployment.registeredModelId, model),
              target: foundTarget?.name ?? target,
              deploymentId: deployment.id,
              deployedAt: deployment.deployedAt,
              deployedBy: deployment.deployedBy,
              uri: deployment.uri,
            },
          };
        },
      };
    },
  };
}

/**
 * The version a `models:/` URI names. A version number names one version for good; an
 * alias or `latest` names whichever version it points at when the predictor looks.
 */
export function modelUriSource(mlops: MLOpsContext, uri: string): PredictorSource {
  return {
    description: uri,
    whenEmpty: 'Register a version, or point the alias at one; the predictor picks it up.',
    async current() {
      const version = await mlops.model.resolveModelUri(uri);
      return {
        key: version.id,
        deployment: undefined,
        async read() {
          const collected = new PassThrough();
          const bytes = buffer(collected);
          await mlops.model.download(version, collected);
          return { bytes: await bytes, info: { ...versionInfo(version, version.registeredModelId, version.modelName), target: null, deploymentId: null, deployedAt: null, deployedBy: null, uri: null } };
        },
      };
    },
  };
}

function versionInfo(version: ModelVersion | null, registeredModelId: string, fallbackName: string) {
  if (!version) {
    throw new MLOpsError('NOT_FOUND', `The deployed version of '${fallbackName}' no longer exists. Deploy another version.`);
  }
  return {
    model: version.modelName,
    experiment: version.modelName,
    version: version.version,
    registeredModelId,
    modelVersionId: version.id,
    runId: version.runId,
  };
}
