import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { archiveEntries, archiveFormat, archiveFormatVersion, encodeRecordLine, type ArchiveEnd, type ArchiveManifest } from './archive-format.js';
import type { ArchiveContext, ArchiveOptions, ArchiveProgress, ArchiveSummary } from './archive-context.js';
import { readArchiveRecords } from './archive-records.js';

/** Records are packed into parts of about this size: memory holds one part, never the archive. */
const recordPartBytes = 4 * 1024 * 1024;

/**
 * Writes every record of the store and every blob of the repository to `destination` as a
 * portable archive (a tar stream: a manifest, JSON-lines parts of records, the blobs under their
 * keys, an end marker), streamed: memory holds one part of records or one metric's history.
 * Ids, timestamps, version numbers and lifecycle stages are kept; `importStore` writes them back
 * into any store and repository. Ends `destination`.
 * @example
 * await exportStore(mlops, createWriteStream('mlops-archive.tar'));
 */
export async function exportStore(context: ArchiveContext, destination: Writable, options: ArchiveOptions = {}): Promise<ArchiveSummary> {
  const { metadataStore: store, modelRepository: repository } = context;
  const pack = tar.pack();
  const piping = pipeline(pack as unknown as Readable, destination);
  const progress: ArchiveProgress = { phase: 'records', records: 0, blobs: 0, blobBytes: 0 };
  try {
    const experiments = await store.listExperiments({ lifecycle: 'all' });
    const manifest: ArchiveManifest = {
      format: archiveFormat,
      formatVersion: archiveFormatVersion,
      createdAt: Date.now(),
      source: { metadataStore: store.providerId, modelRepository: repository.providerId },
      experiments: experiments.map(({ id, name }) => ({ id, name })),
      registeredModels: (await store.listRegisteredModels()).map(({ id, name }) => ({ id, name })),
      deploymentTargets: (await store.listDeploymentTargets()).map(({ id, name }) => ({ id, name })),
    };
    await writeBufferEntry(pack, archiveEntries.manifest, Buffer.from(JSON.stringify(manifest, null, 2)));

    let part: string[] = [];
    let partBytes = 0;
    let partNumber = 0;
    const flushPart = async (): Promise<void> => {
      if (part.length === 0) return;
      partNumber += 1;
      await writeBufferEntry(pack, `${archiveEntries.recordsPrefix}${String(partNumber).padStart(6, '0')}.jsonl`, Buffer.from(part.join('')));
      part = [];
      partBytes = 0;
    };
    for await (const record of readArchiveRecords(store, repository)) {
      const line = encodeRecordLine(record);
      part.push(line);
      partBytes += line.length;
      progress.records += 1;
      if (progress.records % 1000 === 0) options.onProgress?.({ ...progress });
      if (partBytes >= recordPartBytes) await flushPart();
    }
    await flushPart();

    const objects = [];
    for await (const object of repository.list('')) objects.push({ key: object.key, sizeBytes: object.sizeBytes });
    progress.phase = 'blobs';
    progress.totalBlobBytes = objects.reduce((sum, object) => sum + object.sizeBytes, 0);
    options.onProgress?.({ ...progress });
    for (const object of objects) {
      await writeStreamEntry(pack, `${archiveEntries.blobsPrefix}${object.key}`, object.sizeBytes, await repository.get(object.key), (bytes) => {
        progress.blobBytes += bytes;
        options.onProgress?.({ ...progress });
      });
      progress.blobs += 1;
    }
    const end: ArchiveEnd = { records: progress.records, blobs: progress.blobs, blobBytes: progress.blobBytes };
    await writeBufferEntry(pack, archiveEntries.end, Buffer.from(JSON.stringify(end)));
    pack.finalize();
  } catch (error) {
    pack.destroy(error as Error);
    await piping.catch(() => undefined);
    throw error;
  }
  await piping;
  options.onProgress?.({ ...progress });
  return { records: progress.records, blobs: progress.blobs, blobBytes: progress.blobBytes };
}

function writeBufferEntry(pack: tar.Pack, name: string, body: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    pack.entry({ name, size: body.byteLength, mtime: new Date(0) }, body, (error) => (error ? reject(error) : resolve()));
  });
}

/** Copies `body` into one entry chunk by chunk, waiting whenever the archive's reader is behind. */
async function writeStreamEntry(pack: tar.Pack, name: string, size: number, body: Readable, onBytes: (bytes: number) => void): Promise<void> {
  let entry!: NodeJS.WritableStream & { destroy(error: Error): void };
  const finished = new Promise<void>((resolve, reject) => {
    entry = pack.entry({ name, size, mtime: new Date(0) }, (error) => (error ? reject(error) : resolve())) as unknown as typeof entry;
  });
  try {
    for await (const chunk of body) {
      onBytes((chunk as Buffer).byteLength);
      if (!entry.write(chunk as Buffer)) await once(entry, 'drain');
    }
    entry.end();
  } catch (error) {
    entry.destroy(error as Error);
    await finished.catch(() => undefined);
    throw error;
  }
  await finished;
}
