import type { Deployment } from '../spec/v1/deployment.js';
import { defineFields } from './field-registry.js';

/** The persisted fields of a deployment. */
export const deploymentFields = defineFields<Deployment>()('deployment', {
  id: { type: 'id' },
  deploymentTargetId: { type: 'id' },
  registeredModelId: { type: 'id' },
  modelVersionId: { type: 'id', isNullable: true },
  deployedBy: { type: 'text' },
  deployedAt: { type: 'epoch-ms' },
  uri: { type: 'text', isNullable: true },
});
