import { validateArtifactName, type RunArtifact } from '@mlops-ts/core';

/** A file or folder of a run's artifacts, as MLflow's `FileInfo` describes it. */
export interface ArtifactEntry {
  /** The path from the run's artifact root, e.g. 'model/MLmodel'. */
  path: string;
  isDir: boolean;
  /** Set for files only. */
  sizeBytes?: number;
}

/**
 * A run artifact folder written as the core writes artifact names ('' for the run's root).
 * @throws MLOpsError INVALID_ARGUMENT for a path that leaves the run's folder.
 */
export function normalizeArtifactFolder(folder: string | undefined): string {
  if (folder === undefined || folder === '' || folder === '.' || folder === '/') return '';
  return validateArtifactName(folder.replace(/\/+$/, ''));
}

/**
 * What lies directly inside `folder` of a run's artifacts ('' is the root), sorted by
 * path: files with their size, and folders. Empty when the folder does not exist or is a
 * file, as MLflow answers (its clients tell folders from files by listing them).
 */
export function listArtifactFolder(artifacts: readonly RunArtifact[], folder: string): ArtifactEntry[] {
  const prefix = folder === '' ? '' : `${folder}/`;
  const entries = new Map<string, ArtifactEntry>();
  for (const artifact of artifacts) {
    if (!artifact.name.startsWith(prefix)) continue;
    const rest = artifact.name.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash < 0) entries.set(artifact.name, { path: artifact.name, isDir: false, sizeBytes: artifact.sizeBytes });
    else {
      const path = prefix + rest.slice(0, slash);
      if (!entries.has(path)) entries.set(path, { path, isDir: true });
    }
  }
  return [...entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A `FileInfo` message; `path` as the caller wants it (from the run's root, or the base name). */
export function toFileInfo(entry: ArtifactEntry, path: string) {
  return { path, is_dir: entry.isDir, ...(entry.sizeBytes === undefined ? {} : { file_size: entry.sizeBytes }) };
}
