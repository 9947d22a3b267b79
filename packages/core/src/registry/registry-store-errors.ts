import { MLOpsError } from '../errors.js';

/**
 * The errors of the model registry, worded once for the core and every store (spread
 * into `storeErrors`). Each takes the provider's id where a store raises it.
 */
export const registryStoreErrors = {
  registeredModelNotFound(idOrName: string, providerId?: string): MLOpsError {
    return new MLOpsError(
      'NOT_FOUND',
      `Registered model '${idOrName}' does not exist. Check the name or id, or list registered models with model.searchRegisteredModels().`,
      { providerId },
    );
  },
  registeredModelNameTaken(name: string, providerId?: string, cause?: unknown): MLOpsError {
    return new MLOpsError('CONFLICT', `A registered model named '${name}' already exists. Choose another name, or delete that registered model first.`, {
      providerId,
      cause,
    });
  },
  modelVersionNotFound(reference: string, providerId?: string): MLOpsError {
    return new MLOpsError(
      'NOT_FOUND',
      `Model version ${reference} does not exist. List the versions with model.getModelVersions(model), or pass a models:/<model>/<version> URI.`,
      { providerId },
    );
  },
  modelAliasNotFound(modelName: string, alias: string, providerId?: string): MLOpsError {
    return new MLOpsError(
      'NOT_FOUND',
      `Registered model '${modelName}' has no alias '${alias}'. Set it with model.setAlias('${modelName}', '${alias}', version).`,
      { providerId },
    );
  },
  modelVersionOfAnotherModel(versionId: string, registeredModelId: string, providerId?: string): MLOpsError {
    return new MLOpsError(
      'INVALID_ARGUMENT',
      `Model version '${versionId}' is not a version of registered model '${registeredModelId}'. Point an alias at a version of its own registered model.`,
      { providerId },
    );
  },
  duplicateId(what: string, id: string, providerId?: string, cause?: unknown): MLOpsError {
    return new MLOpsError('CONFLICT', `${what} with id '${id}' is already stored. Generate a fresh id (uuidv7()) for each new record.`, { providerId, cause });
  },
} as const;
