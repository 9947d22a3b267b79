import path from 'node:path';

/** Where a run's artifact lives in the model repository. */
export function runArtifactKey(runId: string, artifactName: string): string {
  return `runs/${runId}/${artifactName}`;
}

/**
 * Where a target's copy of a deployed model lives. Experiment and target names are
 * URI-encoded so any name is one safe path segment.
 */
export function deploymentKey(experimentName: string, targetName: string, artifactName: string): string {
  return `deployments/${encodeURIComponent(experimentName)}/${encodeURIComponent(targetName)}/${path.posix.basename(artifactName)}`;
}
