import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { MLOpsError } from '@mlops-ts/core';
import { archiveDamaged, archiveEntries, archiveFormat, archiveFormatVersion, decodeRecordLine, type ArchiveEnd, type ArchiveManifest, type ArchiveRecord } from './archive-format.js';
import type { ArchiveOptions, ArchiveProgress, ArchiveSummary } from './archive-context.js';

/** What a reader of an archive does with each part; `walkArchive` checks the layout around them. */
export interface ArchiveHandlers {
  manifest(manifest: ArchiveManifest): Promise<void>;
  record(record: ArchiveRecord): Promise<void>;
  /** Must read `body` to its end. */
  blob(key: string, body: Readable, sizeBytes: number): Promise<void>;
}

/** The largest manifest or end entry read into memory: far above what ids and names of a real store take. */
const maxJsonEntryBytes = 256 * 1024 * 1024;

/**
 * Reads an archive of `exportStore` entry by entry, streamed, calling the handlers in archive
 * order; INVALID_ARGUMENT when it is not one, cut short (no end marker) or its counts disagree
 * with its end marker; UNSUPPORTED for a format version this release does not read.
 */
export async function walkArchive(source: Readable, handlers: ArchiveHandlers, options: ArchiveOptions = {}): Promise<{ manifest: ArchiveManifest; summary: ArchiveSummary }> {
  const extract = tar.extract();
  const feeding = pipeline(source, extract as unknown as NodeJS.WritableStream).catch((error: unknown) => error as Error);
  const progress: ArchiveProgress = { phase: 'records', records: 0, blobs: 0, blobBytes: 0 };
  let manifest: ArchiveManifest | undefined;
  let end: ArchiveEnd | undefined;
  try {
    for await (const tarEntry of extract) {
      const name = tarEntry.header.name;
      const size = tarEntry.header.size ?? 0;
      // tar-stream's entries are streamx streams: read them through their async iterator only.
      const entry = tarEntry as unknown as AsyncIterable<Buffer>;
      if (end !== undefined) throw archiveDamaged(`'${name}' follows the end marker`);
      if (manifest === undefined) {
        if (name !== archiveEntries.manifest) throw archiveDamaged(`it starts with '${name}' instead of ${archiveEntries.manifest}`);
        manifest = checkManifest(await readJsonEntry(entry, name));
        await handlers.manifest(manifest);
      } else if (name.startsWith(archiveEntries.recordsPrefix)) {
        let lineNumber = 0;
        for await (const line of createInterface({ input: Readable.from(entry, { objectMode: false }), crlfDelay: Infinity })) {
          lineNumber += 1;
          if (line === '') continue;
          await handlers.record(decodeRecordLine(line, `line ${lineNumber} of ${name}`));
          progress.records += 1;
          if (progress.records % 1000 === 0) options.onProgress?.({ ...progress });
        }
      } else if (name.startsWith(archiveEntries.blobsPrefix)) {
        progress.phase = 'blobs';
        const body = Readable.from(countBytes(entry, (bytes) => {
          progress.blobBytes += bytes;
          options.onProgress?.({ ...progress });
        }), { objectMode: false });
        await handlers.blob(name.slice(archiveEntries.blobsPrefix.length), body, size);
        for await (const _rest of body); // a handler that stopped early leaves the rest: the next entry starts after it
        progress.blobs += 1;
      } else if (name === archiveEntries.end) {
        end = (await readJsonEntry(entry, name)) as ArchiveEnd;
      } else {
        throw archiveDamaged(`it holds an entry '${name}' this format does not have`);
      }
    }
  } catch (error) {
    extract.destroy();
    const fed = await feeding;
    if (MLOpsError.isInstance(error)) throw error;
    throw archiveDamaged(`it could not be read to its end (${(fed ?? (error as Error)).message}; cut short?)`, error);
  }
  const fed = await feeding;
  if (fed !== undefined) throw archiveDamaged(`it could not be read to its end (${fed.message}; cut short?)`, fed);
  if (manifest === undefined) throw archiveDamaged('it is empty');
  if (end === undefined) throw archiveDamaged('it ends before its end marker (cut short?)');
  if (end.records !== progress.records || end.blobs !== progress.blobs || end.blobBytes !== progress.blobBytes) {
    throw archiveDamaged(`its end marker counts ${end.records} records, ${end.blobs} blobs and ${end.blobBytes} bytes, but it holds ${progress.records}, ${progress.blobs} and ${progress.blobBytes}`);
  }
  options.onProgress?.({ ...progress, totalBlobBytes: end.blobBytes });
  return { manifest, summary: { records: progress.records, blobs: progress.blobs, blobBytes: progress.blobBytes } };
}

function checkManifest(value: unknown): ArchiveManifest {
  const manifest = value as Partial<ArchiveManifest> | null;
  if (manifest === null || typeof manifest !== 'object' || manifest.format !== archiveFormat) throw archiveDamaged(`${archiveEntries.manifest} does not name the format '${archiveFormat}'`);
  if (manifest.formatVersion !== archiveFormatVersion) {
    throw new MLOpsError(
      'UNSUPPORTED',
      `The archive has format version ${String(manifest.formatVersion)}, and this release of @mlops-ts/cli reads version ${archiveFormatVersion}. Import it with the release of @mlops-ts/cli that wrote it, or a newer one.`,
    );
  }
  for (const list of ['experiments', 'registeredModels', 'deploymentTargets'] as const) {
    if (!Array.isArray(manifest[list])) throw archiveDamaged(`${archiveEntries.manifest} has no list of ${list}`);
  }
  return manifest as ArchiveManifest;
}

async function readJsonEntry(entry: AsyncIterable<Buffer>, name: string): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of entry) {
    size += chunk.byteLength;
    if (size > maxJsonEntryBytes) throw archiveDamaged(`${name} is larger than ${maxJsonEntryBytes} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (cause) {
    throw archiveDamaged(`${name} is not JSON`, cause);
  }
}

async function* countBytes(source: AsyncIterable<Buffer>, onBytes: (bytes: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    onBytes(chunk.byteLength);
    yield chunk;
  }
}
