import { MLOpsError } from '../errors.js';
import { isModelUri, parseModelUri } from '../registry/model-uri.js';
import { registeredModelNameOfExperiment } from '../registry/registry-names.js';
import type { MetadataStoreV1 } from '../spec/v1/metadata-store.js';
import type { ModelVersion } from '../spec/v1/model-version.js';
import type { RegisteredModel } from '../spec/v1/registered-model.js';
import { storeErrors } from '../store-errors.js';
import { describe, validateName } from '../validation.js';

/**
 * A registered model: the record, its id or its name. Where a registered model is looked
 * up, an experiment's id or name is accepted too when a registered model is named after
 * that experiment (`registeredModelNameOfExperiment`), as MLOps.NET's calls took experiments.
 */
export type RegisteredModelRef = RegisteredModel | string;

/** A `models:/<model>/<version>`, `models:/<model>@<alias>` or `models:/<model>/latest` URI. */
export type ModelUri = `models:/${string}`;

/** A model version: the record, its id, or a `models:/` URI naming it. */
export type ModelVersionRef = ModelVersion | string;

/**
 * The registered model given by record, id or name, else the one named after the
 * experiment with that id or name.
 * @throws NOT_FOUND naming the reference; INVALID_ARGUMENT for a value that is no reference.
 */
export async function resolveRegisteredModel(store: MetadataStoreV1, model: RegisteredModelRef): Promise<RegisteredModel> {
  const reference = typeof model === 'object' && model !== null ? model.id : model;
  if (typeof reference !== 'string' || reference.length === 0) {
    throw new MLOpsError('INVALID_ARGUMENT', `The registered model ${describe(model)} is not a name or an id. Pass a name such as 'iris-classifier'.`);
  }
  const found = (await store.getRegisteredModelById(reference)) ?? (await store.getRegisteredModelByName(reference));
  if (found) return found;
  const experiment = (await store.getExperimentById(reference)) ?? (await store.getExperimentByName(reference));
  const named = experiment && (await store.getRegisteredModelByName(registeredModelNameOfExperiment(experiment.name)));
  if (named) return named;
  throw storeErrors.registeredModelNotFound(reference, store.providerId);
}

/**
 * The version a `models:/` URI names: a version number, the version an alias points at,
 * or the highest version (`latest`). This is the one place such URIs are resolved.
 * @throws INVALID_ARGUMENT for a malformed URI; NOT_FOUND when the model, version or alias does not exist.
 */
export async function resolveModelUri(store: MetadataStoreV1, uri: string): Promise<ModelVersion> {
  const parsed = parseModelUri(uri);
  const model = await store.getRegisteredModelByName(parsed.model);
  if (!model) throw storeErrors.registeredModelNotFound(parsed.model, store.providerId);
  switch (parsed.kind) {
    case 'version':
      return requireVersion(store, model, parsed.version);
    case 'alias': {
      const version = await store.getModelVersionByAlias(model.id, parsed.alias);
      if (!version) throw storeErrors.modelAliasNotFound(model.name, parsed.alias, store.providerId);
      return version;
    }
    case 'latest':
      return latestVersionOf(store, model);
  }
}

/**
 * The version given by record, id or `models:/` URI.
 * @throws NOT_FOUND when it does not exist; INVALID_ARGUMENT for a value that is none of those.
 */
export async function resolveModelVersion(store: MetadataStoreV1, version: ModelVersionRef): Promise<ModelVersion> {
  if (isModelUri(version)) return resolveModelUri(store, version);
  const id = typeof version === 'object' && version !== null ? version.id : version;
  if (typeof id !== 'string' || id.length === 0) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `The model version ${describe(version)} is not a version, an id or a models:/ URI. Pass one returned by model.registerModel(), or e.g. 'models:/iris-classifier/3'.`,
    );
  }
  const found = await store.getModelVersion(id);
  if (!found) throw storeErrors.modelVersionNotFound(`'${id}'`, store.providerId);
  return found;
}

/** Version `number` of the registered model. @throws INVALID_ARGUMENT for a number that is no version; NOT_FOUND when absent. */
export async function requireVersion(store: MetadataStoreV1, model: RegisteredModel, number: unknown): Promise<ModelVersion> {
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 1) {
    throw new MLOpsError('INVALID_ARGUMENT', `The version ${describe(number)} is not a version number. Versions are whole numbers from 1, e.g. 3.`);
  }
  const found = await store.getModelVersionByNumber(model.id, number);
  if (!found) throw storeErrors.modelVersionNotFound(`${number} of registered model '${model.name}'`, store.providerId);
  return found;
}

/** The registered model's highest version. @throws NOT_FOUND when it has none. */
export async function latestVersionOf(store: MetadataStoreV1, model: RegisteredModel): Promise<ModelVersion> {
  const latest = (await store.listModelVersions(model.id)).at(-1);
  if (!latest) {
    throw new MLOpsError('NOT_FOUND', `Registered model '${model.name}' has no versions. Register one with model.registerModel(experiment, artifact, registeredBy, { model: '${model.name}' }).`, {
      providerId: store.providerId,
    });
  }
  return latest;
}

/** Checks a list of tag keys to delete. */
export function validateTagKeys(keys: unknown): string[] {
  if (!Array.isArray(keys)) {
    throw new MLOpsError('INVALID_ARGUMENT', `Tag keys ${describe(keys)} are not a list. Pass the keys to delete, e.g. ['stage'].`);
  }
  return keys.map((key) => validateName('tag key', key));
}
