import { deploymentFields, limits, modelVersionFields, registeredModelFields } from '@mlops-ts/core';
import { Type } from 'typebox';
import { StoredTags, Tags } from './common-schemas.js';
import { entitySchema } from './field-schemas.js';

// The model registry and deployments as the API sends and receives them; scalar fields come
// from the core's field registries, as in entities.ts.

export const RegisteredModelInput = entitySchema(registeredModelFields, 'input', {
  extra: { tags: Tags },
  optional: ['id', 'createdAt', 'updatedAt', 'tags'],
  description: 'A registered model to create. id, createdAt and updatedAt: the server fills them in when left out.',
});
export const RegisteredModel = entitySchema(registeredModelFields, 'output', { extra: { tags: StoredTags }, description: 'A registered model.' });
export const RegisteredModelList = Type.Object({ registeredModels: Type.Array(RegisteredModel) });
export const RegisteredModelUpdate = entitySchema(registeredModelFields, 'input', {
  omit: ['id', 'createdAt'],
  isPartial: true,
  description: 'The fields to change (name, description); updatedAt defaults to the time the server receives it.',
});

export const ModelVersionInput = entitySchema(modelVersionFields, 'input', {
  extra: { tags: Tags },
  omit: ['registeredModelId', 'modelName', 'version'],
  optional: ['id', 'registeredAt', 'registeredBy', 'tags'],
  description:
    "A version to register under the registered model in the path; the store gives it the next number. registeredBy is the name of the request's token (what a client sends there is ignored when the server has tokens).",
});
export const ModelVersion = entitySchema(modelVersionFields, 'output', {
  extra: { tags: StoredTags, aliases: Type.Array(Type.String()) },
  description: 'A version of a registered model, with its tags and the aliases pointing at it.',
});
export const ModelVersionList = Type.Object({ modelVersions: Type.Array(ModelVersion) });
export const ModelVersionUpdate = Type.Object({ description: Type.Union([Type.String({ maxLength: limits.paramValue }), Type.Null()]) }, { additionalProperties: false });

export const DeploymentInput = entitySchema(deploymentFields, 'input', {
  optional: ['id', 'deployedAt', 'deployedBy'],
  description:
    "A deployment record (modelVersionId null: the target stopped serving the registered model). deployedBy is the name of the request's token (what a client sends there is ignored when the server has tokens).",
});
export const Deployment = entitySchema(deploymentFields, 'output', { description: 'One deployment of a model version to a target.' });
export const DeploymentList = Type.Object({ deployments: Type.Array(Deployment) });
