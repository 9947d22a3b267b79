import type { DeploymentTarget } from '../spec/v1/deployment-target.js';
import { defineFields } from './field-registry.js';

/** The persisted fields of a deployment target. */
export const deploymentTargetFields = defineFields<DeploymentTarget>()('deployment target', {
  id: { type: 'id' },
  name: { type: 'name' },
  isProduction: { type: 'boolean' },
  createdAt: { type: 'epoch-ms' },
});
