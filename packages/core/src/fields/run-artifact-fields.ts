import type { RunArtifact } from '../spec/v1/run-artifact.js';
import { defineFields } from './field-registry.js';

/** The persisted fields of a run artifact's metadata. */
export const runArtifactFields = defineFields<RunArtifact>()('run artifact', {
  id: { type: 'id' },
  runId: { type: 'id' },
  name: { type: 'path' },
  sizeBytes: { type: 'integer' },
  sha256: { type: 'string' },
  createdAt: { type: 'epoch-ms' },
});
