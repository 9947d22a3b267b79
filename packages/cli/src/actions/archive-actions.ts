import { createReadStream, createWriteStream } from 'node:fs';
import { access, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { MLOpsError } from '@mlops-ts/core';
import { exportStore, importStore, verifyArchive, type ArchiveProgress, type ArchiveSummary } from '../archive/index.js';
import prettyBytes from 'pretty-bytes';
import type { ActionContext } from '../action.js';
import { createTransferProgressBar, type TransferProgressBar } from '../format/progress-bar.js';
import type { Output } from '../output.js';

/**
 * `mlops export <file>`: the core's exportStore into `<file>.partial`, renamed to `<file>` once
 * complete, so a failed export never leaves a file that looks like an archive.
 */
export async function exportArchive({ output, context }: ActionContext, file: string, options: { force?: boolean; json?: boolean }): Promise<void> {
  const target = path.resolve(file);
  if (!options.force && (await exists(target))) {
    throw new MLOpsError('CONFLICT', `The file ${target} already exists. Give another file name, or --force to replace it.`);
  }
  const mlops = await context();
  const partial = `${target}.partial`;
  const progress = archiveProgress(output, 'export');
  let summary: ArchiveSummary;
  try {
    summary = await exportStore(mlops, createWriteStream(partial), { onProgress: progress.update });
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  } finally {
    progress.finish();
  }
  await rename(partial, target);
  output.printResult({ file: target, ...summary }, `Exported ${summary.records} records and ${summary.blobs} blobs (${prettyBytes(summary.blobBytes)}) to ${target}.`);
}

/**
 * `mlops import <file>`: reads the whole archive once to check it (so a damaged or cut-short
 * file writes nothing), then imports it with the core's importStore.
 */
export async function importArchive({ output, context }: ActionContext, file: string, options: { json?: boolean }): Promise<void> {
  const source = path.resolve(file);
  if (!(await exists(source))) throw new MLOpsError('NOT_FOUND', `The archive ${source} does not exist. Check the path, or write one with mlops export.`);
  const checking = archiveProgress(output, 'check');
  let checked: ArchiveSummary;
  try {
    checked = await verifyArchive(createReadStream(source), { onProgress: checking.update });
  } finally {
    checking.finish();
  }
  const mlops = await context();
  const importing = archiveProgress(output, 'import', checked.blobBytes);
  let summary: ArchiveSummary;
  try {
    summary = await importStore(mlops, createReadStream(source), { onProgress: importing.update });
  } finally {
    importing.finish();
  }
  output.printResult({ file: source, ...summary }, `Imported ${summary.records} records and ${summary.blobs} blobs (${prettyBytes(summary.blobBytes)}) from ${source}.`);
}

/** On a terminal: a note while records pass, then a bar with bytes, rate and ETA for the blobs. Nothing otherwise. */
function archiveProgress(output: Output, verb: string, knownTotalBytes?: number): { update: (progress: ArchiveProgress) => void; finish: () => void } {
  if (!output.isErrorTerminal) return { update: () => undefined, finish: () => undefined };
  let bar: TransferProgressBar | undefined;
  let notedRecords = false;
  return {
    update(progress) {
      if (progress.phase === 'records') {
        if (!notedRecords) output.note(`${verb}: records…`);
        notedRecords = true;
        return;
      }
      const total = progress.totalBlobBytes ?? knownTotalBytes;
      bar ??= createTransferProgressBar(true, `${verb}: ${progress.records} records, blobs`, total);
      bar.update(progress.blobBytes, total);
    },
    finish: () => bar?.finish(),
  };
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
