import type { Readable } from 'node:stream';
import { MLOpsError } from '@mlops-ts/core';
import type { ArchiveContext, ArchiveOptions, ArchiveSummary } from './archive-context.js';
import type { ArchiveManifest } from './archive-format.js';
import { applyArchiveRecord } from './apply-archive-record.js';
import { walkArchive } from './read-archive.js';

/**
 * Writes an archive of `exportStore` into the store and repository, streamed, keeping ids,
 * timestamps, version numbers (and each registered model's counter as far as the archive shows
 * it), aliases, deployment history and lifecycle stages.
 *
 * An import is refused (CONFLICT, before anything is written) when the store already holds an
 * experiment, registered model or deployment target with an id or name of the archive, so
 * importing the same archive twice never duplicates anything. An archive that turns out
 * damaged or cut short part-way (INVALID_ARGUMENT) leaves what was read before written: check
 * a file first with `verifyArchive`, as `mlops import` does.
 * @example
 * await importStore(mlops, createReadStream('mlops-archive.tar'));
 */
export async function importStore(context: ArchiveContext, source: Readable, options: ArchiveOptions = {}): Promise<ArchiveSummary> {
  const { summary } = await walkArchive(
    source,
    {
      manifest: (manifest) => refuseHeldRecords(context, manifest),
      record: (record) => applyArchiveRecord(context, record),
      blob: async (key, body) => {
        await context.modelRepository.put(key, body);
      },
    },
    options,
  );
  return summary;
}

/**
 * Reads a whole archive without writing anything: INVALID_ARGUMENT when it is damaged or cut
 * short, UNSUPPORTED for a format version this release does not read. Returns what it holds.
 */
export async function verifyArchive(source: Readable, options: ArchiveOptions = {}): Promise<ArchiveSummary & { manifest: ArchiveManifest }> {
  const { manifest, summary } = await walkArchive(
    source,
    {
      manifest: async () => undefined,
      record: async () => undefined,
      blob: async (_key, body) => {
        for await (const _chunk of body);
      },
    },
    options,
  );
  return { ...summary, manifest };
}

async function refuseHeldRecords({ metadataStore: store }: ArchiveContext, manifest: ArchiveManifest): Promise<void> {
  const held: string[] = [];
  for (const { id, name } of manifest.experiments) {
    if ((await store.getExperimentById(id)) !== null || (await store.getExperimentByName(name)) !== null) held.push(`experiment '${name}'`);
  }
  for (const { id, name } of manifest.registeredModels) {
    if ((await store.getRegisteredModelById(id)) !== null || (await store.getRegisteredModelByName(name)) !== null) held.push(`registered model '${name}'`);
  }
  for (const { id, name } of manifest.deploymentTargets) {
    if ((await store.getDeploymentTargetById(id)) !== null || (await store.getDeploymentTargetByName(name)) !== null) held.push(`deployment target '${name}'`);
  }
  if (held.length > 0) {
    const shown = held.slice(0, 3).join(', ') + (held.length > 3 ? ` and ${held.length - 3} more` : '');
    throw new MLOpsError(
      'CONFLICT',
      `The store already holds ${shown} of the archive (same id or name), so nothing was imported. Import into a store that holds none of the archive's experiments, registered models and deployment targets (an archive imported once is not imported again).`,
    );
  }
}
