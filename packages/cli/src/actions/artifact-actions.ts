import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { finished } from 'node:stream/promises';
import { isModelUri, MLOpsError, uuidv7, type MLOpsContext, type RunArtifact } from '@mlops-ts/core';
import prettyBytes from 'pretty-bytes';
import type { ActionContext } from '../action.js';
import { createTransferProgressBar } from '../format/progress-bar.js';
import { formatArtifactTable } from './run-details.js';

export async function listArtifacts({ output, context }: ActionContext, runId: string, options: { json?: boolean }): Promise<void> {
  const artifacts = await (await context()).model.getRunArtifacts(runId);
  if (options.json) return output.printJson({ runId, artifacts });
  if (artifacts.length === 0) return output.print(output.colors.dim(`Run ${runId} has no artifacts. Upload one with mlops artifacts upload ${runId} <file>.`));
  output.print(formatArtifactTable(output.colors, artifacts));
}

export async function uploadArtifact({ output, context }: ActionContext, runId: string, file: string, options: { name?: string; json?: boolean }): Promise<void> {
  const stats = await stat(file).catch((cause: NodeJS.ErrnoException) => {
    throw new MLOpsError('NOT_FOUND', `The file ${path.resolve(file)} ${cause.code === 'ENOENT' ? 'does not exist' : `cannot be read (${cause.code})`}. Check the path.`, { cause });
  });
  if (!stats.isFile()) throw new MLOpsError('INVALID_ARGUMENT', `${path.resolve(file)} is not a file. Upload one file at a time.`);
  const mlops = await context();
  const progress = createTransferProgressBar(output.isErrorTerminal, options.name ?? path.basename(file), stats.size);
  let artifact: RunArtifact;
  try {
    artifact = await mlops.model.upload(runId, file, {
      ...(options.name === undefined ? {} : { name: options.name }),
      onProgress: ({ bytes, totalBytes }) => progress.update(bytes, totalBytes),
    });
  } finally {
    progress.finish();
  }
  output.printResult(artifact, `Uploaded ${artifact.name} (${prettyBytes(artifact.sizeBytes)}, sha256 ${artifact.sha256.slice(0, 16)}…) to run ${runId}.`);
}

export async function downloadArtifact({ output, context }: ActionContext, source: string, options: { name?: string; out?: string; json?: boolean }): Promise<void> {
  const mlops = await context();
  const artifact = isModelUri(source) ? await artifactOfVersion(mlops, source) : await artifactOfRun(mlops, source, options.name);
  if (artifact === undefined) {
    // A folder version: its files go under the folder given.
    const written = await mlops.model.downloadModelVersion(source, path.resolve(options.out ?? '.'));
    output.printResult({ artifacts: written, path: path.resolve(options.out ?? '.') }, `Downloaded ${written.length} files of ${source} to ${path.resolve(options.out ?? '.')}.`);
    return;
  }
  const destination = await destinationOf(options.out, artifact);
  await mkdir(path.dirname(destination), { recursive: true });
  const progress = createTransferProgressBar(output.isErrorTerminal, artifact.name, artifact.sizeBytes);
  const temporary = `${destination}.${uuidv7()}.part`;
  try {
    let bytes = 0;
    const counting = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        progress.update(bytes);
        callback(null, chunk);
      },
    });
    const file = createWriteStream(temporary);
    counting.pipe(file);
    // The core verifies the SHA-256 before it resolves; the file takes its name only then.
    await mlops.model.download(isModelUri(source) ? source : artifact.runId, counting, { name: artifact.name });
    await finished(file);
    await rename(temporary, destination);
  } finally {
    progress.finish();
    await rm(temporary, { force: true });
  }
  output.printResult({ artifact, path: destination }, `Downloaded ${artifact.name} (${prettyBytes(artifact.sizeBytes)}, SHA-256 verified) to ${destination}.`);
}

/** The run's artifact by name, or its only one. */
async function artifactOfRun(mlops: MLOpsContext, runId: string, name: string | undefined): Promise<RunArtifact> {
  const artifacts = await mlops.model.getRunArtifacts(runId);
  if (name !== undefined) {
    const found = artifacts.find((artifact) => artifact.name === name);
    if (found === undefined) throw new MLOpsError('NOT_FOUND', `Run ${runId} has no artifact '${name}'. Its artifacts: ${artifacts.map((artifact) => artifact.name).join(', ') || 'none'}.`);
    return found;
  }
  if (artifacts.length === 1) return artifacts[0]!;
  throw new MLOpsError(
    artifacts.length === 0 ? 'NOT_FOUND' : 'INVALID_ARGUMENT',
    artifacts.length === 0 ? `Run ${runId} has no artifacts. Upload one with mlops artifacts upload ${runId} <file>.` : `Run ${runId} has ${artifacts.length} artifacts (${artifacts.map((artifact) => artifact.name).join(', ')}). Say which with --name.`,
  );
}

/** The one file of a registered version, or undefined for a folder version. */
async function artifactOfVersion(mlops: MLOpsContext, uri: string): Promise<RunArtifact | undefined> {
  const version = await mlops.model.resolveModelUri(uri);
  if (version.runArtifactId === null) return undefined;
  const artifacts = await mlops.model.getRunArtifacts(version.runId);
  const artifact = artifacts.find((candidate) => candidate.id === version.runArtifactId);
  if (artifact === undefined) throw new MLOpsError('NOT_FOUND', `The artifact of version ${version.version} of '${version.modelName}' is missing from run ${version.runId}. Check the run with mlops runs show ${version.runId}.`);
  return artifact;
}

/** --out as given, inside it when it is a folder, or the artifact's file name in the working folder. */
async function destinationOf(out: string | undefined, artifact: RunArtifact): Promise<string> {
  const fileName = path.basename(artifact.name);
  if (out === undefined) return path.resolve(fileName);
  const isFolder = out.endsWith('/') || (await stat(out).then((stats) => stats.isDirectory(), () => false));
  return isFolder ? path.resolve(out, fileName) : path.resolve(out);
}
