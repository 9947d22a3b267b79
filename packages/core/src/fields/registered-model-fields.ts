import type { RegisteredModel } from '../spec/v1/registered-model.js';
import { defineFields } from './field-registry.js';

/** The persisted scalar fields of a registered model version (its tags are a structured value). */
export const registeredModelFields = defineFields<RegisteredModel>()('registered model', {
  id: { type: 'id' },
  experimentId: { type: 'id' },
  runId: { type: 'id' },
  runArtifactId: { type: 'id' },
  version: { type: 'integer' },
  registeredBy: { type: 'text' },
  registeredAt: { type: 'epoch-ms' },
  description: { type: 'text', isNullable: true },
});
