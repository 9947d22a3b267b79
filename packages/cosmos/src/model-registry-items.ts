import { createHash } from 'node:crypto';
import { deploymentFields, modelVersionFields, registeredModelFields, type Deployment, type ModelVersion, type RegisteredModel } from '@mlops-ts/core';
import type { SystemProperties } from './items.js';

/*
 * Items of the `models` container, partitioned by `/registeredModelId`: a registered
 * model, its versions and its deployments share a partition, so reading a model with its
 * versions is one single-partition query and a version is numbered in a transactional
 * batch with the record that counts it. Mappers copy only the core's registry fields, so
 * system properties never leak out and items written before a field existed read with its
 * default.
 */

/**
 * A registered model under its own id. It holds what must change atomically with it: the
 * next version number (bumped in the batch that creates a version) and the aliases
 * (replaced on the ETag they were read with, so one alias never names two versions).
 */
export interface RegisteredModelItem extends SystemProperties, RegisteredModel {
  registeredModelId: string;
  type: 'registered-model';
  /** The number the next version gets; never goes back. */
  nextVersion: number;
  /** Version id by alias. */
  aliases: Record<string, string>;
}

/** A version; its model name and aliases are read from the registered model's item. */
export interface ModelVersionItem extends SystemProperties, Omit<ModelVersion, 'modelName' | 'aliases'> {
  type: 'model-version';
}

/** A deployment (history: never replaced). */
export interface DeploymentItem extends SystemProperties, Deployment {
  type: 'deployment';
}

/** Reserves a registered model's name in the catalog container (partitioned by `/id`); points at the model. */
export interface RegisteredModelNameClaimItem extends SystemProperties {
  id: string;
  type: 'registered-model-name';
  registeredModelId: string;
}

/** The id of the claim that makes a registered model name unique. */
export function registeredModelNameClaimId(name: string): string {
  return `registered-model-name-${createHash('sha256').update(name, 'utf8').digest('hex')}`;
}

export function toRegisteredModelItem(model: RegisteredModel): RegisteredModelItem {
  return { ...registeredModelFields.pick(model), tags: { ...model.tags }, registeredModelId: model.id, type: 'registered-model', nextVersion: 1, aliases: {} };
}

export function toRegisteredModel(item: RegisteredModelItem): RegisteredModel {
  return { ...registeredModelFields.readStored(item), tags: { ...item.tags } };
}

export function toModelVersion(item: ModelVersionItem, model: Pick<RegisteredModelItem, 'name' | 'aliases'>): ModelVersion {
  const aliases = Object.entries(model.aliases)
    .filter(([, versionId]) => versionId === item.id)
    .map(([alias]) => alias)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { ...modelVersionFields.readStored({ ...item, modelName: model.name }), tags: { ...item.tags }, aliases };
}

export function toModelVersionItem(version: Omit<ModelVersion, 'modelName' | 'aliases'>): ModelVersionItem {
  const { modelName: _name, ...fields } = modelVersionFields.pick({ ...version, modelName: '' });
  return { ...fields, tags: { ...version.tags }, type: 'model-version' };
}

export function toDeploymentItem(deployment: Deployment): DeploymentItem {
  return { ...deploymentFields.pick(deployment), type: 'deployment' };
}

export function toDeployment(item: Deployment): Deployment {
  return deploymentFields.readStored(item);
}
