import type { MetadataStoreV1 } from '../spec/v1/metadata-store.js';
import type { ModelVersion } from '../spec/v1/model-version.js';
import type { RunArtifact } from '../spec/v1/run-artifact.js';
import { storeErrors } from '../store-errors.js';
import path from 'node:path';

/** One file of a model version: its artifact and its path relative to the version (a base name, or a path inside the folder). */
export interface ModelVersionFile {
  artifact: RunArtifact;
  relativePath: string;
}

/** True for a version that registers a folder of artifacts (`artifactPath` ends in '/'). */
export function isFolderVersion(version: Pick<ModelVersion, 'runArtifactId' | 'artifactPath'>): boolean {
  return version.runArtifactId === null;
}

/**
 * The files of a version: its one artifact, or every artifact of its run under the
 * folder, by name.
 * @throws NOT_FOUND when the artifact is gone, or the folder holds no artifact.
 */
export async function modelVersionFiles(store: MetadataStoreV1, version: ModelVersion): Promise<ModelVersionFile[]> {
  if (version.runArtifactId !== null) {
    const artifact = await store.getRunArtifact(version.runArtifactId);
    if (!artifact) throw storeErrors.artifactNotFound(version.runArtifactId, store.providerId);
    return [{ artifact, relativePath: path.posix.basename(artifact.name) }];
  }
  const files = (await store.listRunArtifacts(version.runId))
    .filter((artifact) => artifact.name.startsWith(version.artifactPath))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((artifact) => ({ artifact, relativePath: artifact.name.slice(version.artifactPath.length) }));
  if (files.length === 0) throw storeErrors.artifactNotFound(`${version.artifactPath} of run '${version.runId}'`, store.providerId);
  return files;
}
