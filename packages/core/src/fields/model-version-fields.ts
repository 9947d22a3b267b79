import type { ModelVersion } from '../spec/v1/model-version.js';
import { defineFields } from './field-registry.js';

/**
 * The persisted scalar fields of a model version (its tags and aliases live in tables of
 * their own). `modelName` is the registered model's name, kept beside each version so a
 * search on it needs no join; renaming the registered model rewrites it.
 */
export const modelVersionFields = defineFields<ModelVersion>()('model version', {
  id: { type: 'id' },
  registeredModelId: { type: 'id', filter: { name: 'registered_model_id' } },
  modelName: { type: 'name', filter: { name: 'name', aliases: ['model_name'] } },
  version: { type: 'integer', filter: { name: 'version' } },
  runId: { type: 'id', filter: { name: 'run_id' } },
  runArtifactId: { type: 'id', isNullable: true },
  artifactPath: { type: 'path', filter: { name: 'artifact_path', aliases: ['source_path'] } },
  registeredBy: { type: 'text', filter: { name: 'registered_by', aliases: ['user_id'] } },
  registeredAt: { type: 'epoch-ms', filter: { name: 'registered_at', aliases: ['creation_timestamp'] } },
  description: { type: 'text', isNullable: true, filter: { name: 'description' } },
});
