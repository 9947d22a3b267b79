import { MLOpsError } from '@mlops-ts/core';
import type { ConfusionMatrix } from '@mlops-ts/core';
import type { DataSet } from '@mlops-ts/core';
import type { Deployment } from '@mlops-ts/core';
import type { DeploymentTarget } from '@mlops-ts/core';
import type { Experiment } from '@mlops-ts/core';
import type { ModelAlias } from '@mlops-ts/core';
import type { NewModelVersion } from '@mlops-ts/core';
import type { ModelSchema } from '@mlops-ts/core';
import type { PackageDependency } from '@mlops-ts/core';
import type { RegisteredModel } from '@mlops-ts/core';
import type { RunInfo } from '@mlops-ts/core';
import type { RunArtifact } from '@mlops-ts/core';

/** What the first entry of every archive says it is. */
export const archiveFormat = 'mlops-ts-archive';
/** The version of the layout below; an importer refuses versions it does not know. */
export const archiveFormatVersion = 1;

/** Entry names: the manifest first, then parts of JSON lines and blobs, then the end marker. */
export const archiveEntries = {
  manifest: 'mlops-archive.json',
  recordsPrefix: 'records/',
  blobsPrefix: 'blobs/',
  end: 'end.json',
} as const;

/** The first entry: what the archive holds, so an import can refuse a store that already holds any of it before writing. */
export interface ArchiveManifest {
  format: typeof archiveFormat;
  formatVersion: number;
  createdAt: number;
  source: { metadataStore: string; modelRepository: string };
  experiments: { id: string; name: string }[];
  registeredModels: { id: string; name: string }[];
  deploymentTargets: { id: string; name: string }[];
}

/** The last entry: its absence means the archive was cut short. */
export interface ArchiveEnd {
  records: number;
  blobs: number;
  blobBytes: number;
}

/**
 * One line of a records part. The order in the archive is the order of import: experiments
 * and targets, runs (a parent before its children) with what they hold, registered models with
 * their versions (numbers reproduced with placeholders, see `versionPlaceholder`), aliases,
 * deployments, then lifecycle changes (deleting only after everything was written).
 */
export type ArchiveRecord =
  | { kind: 'experiment'; experiment: Experiment }
  | { kind: 'deploymentTarget'; target: DeploymentTarget }
  | { kind: 'run'; run: RunInfo }
  | { kind: 'params'; runId: string; params: { key: string; value: string }[] }
  | { kind: 'metrics'; runId: string; key: string; points: { value: number; step: number; timestamp: number }[] }
  | { kind: 'confusionMatrix'; matrix: ConfusionMatrix }
  | { kind: 'dataSet'; dataSet: DataSet }
  | { kind: 'artifact'; artifact: RunArtifact }
  | { kind: 'modelSchema'; schema: ModelSchema }
  | { kind: 'packageDependencies'; runId: string; dependencies: Omit<PackageDependency, 'runId'>[] }
  | { kind: 'registeredModel'; model: RegisteredModel }
  | { kind: 'modelVersion'; version: NewModelVersion; number: number }
  /** Takes a number no version holds any more (deleted), so later numbers and the model's counter match; deleted again by `deleteVersionPlaceholder`. */
  | { kind: 'versionPlaceholder'; version: NewModelVersion; number: number }
  | { kind: 'modelAlias'; alias: ModelAlias }
  | { kind: 'registeredModelUpdatedAt'; registeredModelId: string; updatedAt: number }
  /** `uriKey`: the repository key the uri named in the exporting repository; the importer names it in its own. */
  | { kind: 'deployment'; deployment: Deployment; uriKey?: string }
  | { kind: 'deleteVersionPlaceholder'; id: string }
  | { kind: 'experimentDeleted'; id: string; deletedAt: number }
  | { kind: 'runDeleted'; id: string; deletedAt: number };

/** Metric values and distributions keep NaN and ±Infinity, which JSON cannot hold: they travel as `{ "$number": "NaN" }`. */
export function encodeRecordLine(record: ArchiveRecord): string {
  return `${JSON.stringify(record, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? { $number: String(value) } : value))}\n`;
}

/** Parses one line of a records part; INVALID_ARGUMENT naming the part and line when it is not a record. */
export function decodeRecordLine(line: string, where: string): ArchiveRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line, (_key, value: unknown) => {
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const keys = Object.keys(value);
        const text = (value as { $number?: unknown }).$number;
        if (keys.length === 1 && keys[0] === '$number' && typeof text === 'string') return Number(text);
      }
      return value;
    });
  } catch (cause) {
    throw archiveDamaged(`${where} is not JSON`, cause);
  }
  if (parsed === null || typeof parsed !== 'object' || typeof (parsed as { kind?: unknown }).kind !== 'string') throw archiveDamaged(`${where} is not an archive record`);
  return parsed as ArchiveRecord;
}

/** The error of an archive that cannot be read as one. */
export function archiveDamaged(what: string, cause?: unknown): MLOpsError {
  return new MLOpsError('INVALID_ARGUMENT', `The archive is damaged or not an MLOps.ts archive: ${what}. Export it again with exportStore (mlops export).`, cause === undefined ? undefined : { cause });
}
