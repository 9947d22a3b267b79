import { randomUUID } from 'node:crypto';
import { constants as fsConstants, type Dirent } from 'node:fs';
import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { MLOpsError } from '../errors.js';
import { storeErrors } from '../store-errors.js';
import type { ModelRepositoryV1 } from '../spec/v1/model-repository.js';
import type { PutOptions } from '../spec/v1/put-options.js';
import type { RepositoryObject } from '../spec/v1/repository-object.js';
import { createProgressReporter } from './progress-reporter.js';

const providerId = 'local-file';

/**
 * Temporary files end with this suffix. They live beside their destination, so the final
 * `rename` stays on one file system and is atomic; `list` never shows them.
 */
const temporarySuffix = '.mlops-tmp';

/** Chunk size of reads: 1 MiB reads run several times faster than the 64 KiB default. */
const readChunkBytes = 1024 * 1024;

/**
 * The default root, `./mlops/models`. Same value as `embeddedDefaultPaths.models` in the
 * builder; repeated here because the builder imports this module.
 */
const defaultRootDir = path.join('mlops', 'models');

/** Options of `LocalFileModelRepository`. */
export interface LocalFileModelRepositoryOptions {
  /**
   * Folder that holds the models, absolute or relative to the working directory at
   * construction time. Created on `connect()` and on first write. Default `./mlops/models`.
   */
  rootDir?: string;
}

/**
 * A model repository in a local (or mounted network) folder: MLOps.NET's file share.
 *
 * Writes go to a temporary file beside the destination, are flushed to disk, then renamed
 * over it, so a reader sees the old file or the complete new one; a reader that already
 * opened the old file keeps reading the old bytes.
 *
 * @example
 * const repository = new LocalFileModelRepository({ rootDir: '/mnt/models' });
 * await new MLOpsBuilder().useModelRepository(repository).build();
 */
export class LocalFileModelRepository implements ModelRepositoryV1 {
  readonly specificationVersion = 'v1' as const;
  readonly providerId = providerId;
  /** The absolute root folder. */
  readonly rootDir: string;

  constructor(options: LocalFileModelRepositoryOptions = {}) {
    this.rootDir = path.resolve(options.rootDir ?? defaultRootDir);
  }

  /** Creates the root folder when missing and checks it is a writable folder. */
  async connect(): Promise<void> {
    try {
      await fs.mkdir(this.rootDir, { recursive: true });
      await fs.access(this.rootDir, fsConstants.R_OK | fsConstants.W_OK);
    } catch (cause) {
      throw translateFileError(cause, `the model folder '${this.rootDir}'`, 'open');
    }
  }

  /** Nothing to release: every operation opens and closes its own files. */
  async close(): Promise<void> {}

  async put(key: string, body: Readable, options: PutOptions = {}): Promise<{ sizeBytes: number }> {
    const destination = this.#resolveKey(key);
    const { signal } = options;
    signal?.throwIfAborted();
    const report = createProgressReporter(options.onProgress, options.sizeBytes);
    const temporary = temporaryPathFor(destination);
    let handle: FileHandle | undefined;
    const abortBody = (): void => {
      body.destroy(signal?.reason);
    };
    signal?.addEventListener('abort', abortBody, { once: true });
    let bytes = 0;
    try {
      handle = await openForWriting(temporary);
      for await (const chunk of body) {
        signal?.throwIfAborted();
        const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
        await writeFully(handle, buffer);
        bytes += buffer.byteLength;
        report(bytes);
      }
      signal?.throwIfAborted();
      await handle.sync();
      await handle.close();
      handle = undefined;
      await fs.rename(temporary, destination);
      await syncDirectory(path.dirname(destination));
      report(bytes, true);
      return { sizeBytes: bytes };
    } catch (cause) {
      if (!body.destroyed) body.destroy();
      await handle?.close().catch(() => undefined);
      await fs.rm(temporary, { force: true }).catch(() => undefined);
      if (signal?.aborted) throw signal.reason;
      throw translateFileError(cause, `'${key}'`, 'write');
    } finally {
      signal?.removeEventListener('abort', abortBody);
    }
  }

  async get(key: string): Promise<Readable> {
    const file = this.#resolveKey(key);
    let handle: FileHandle;
    try {
      // Opening before streaming pins the current file: a later rename does not affect it.
      handle = await fs.open(file, 'r');
      const stats = await handle.stat();
      if (!stats.isFile()) {
        await handle.close();
        throw storeErrors.objectNotFound(key, providerId);
      }
    } catch (cause) {
      if (MLOpsError.isInstance(cause)) throw cause;
      throw translateFileError(cause, `'${key}'`, 'read', key);
    }
    return handle.createReadStream({ highWaterMark: readChunkBytes });
  }

  async copy(sourceKey: string, destinationKey: string): Promise<void> {
    const source = this.#resolveKey(sourceKey);
    const destination = this.#resolveKey(destinationKey);
    const temporary = temporaryPathFor(destination);
    try {
      await fs.mkdir(path.dirname(destination), { recursive: true });
      // COPYFILE_FICLONE uses a copy-on-write clone where the file system offers one.
      await fs.copyFile(source, temporary, fsConstants.COPYFILE_EXCL | fsConstants.COPYFILE_FICLONE);
      const handle = await fs.open(temporary, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temporary, destination);
      await syncDirectory(path.dirname(destination));
    } catch (cause) {
      await fs.rm(temporary, { force: true }).catch(() => undefined);
      if (isCode(cause, 'ENOENT') || isCode(cause, 'EISDIR')) {
        if (!(await this.exists(sourceKey))) throw storeErrors.objectNotFound(sourceKey, providerId, cause);
      }
      throw translateFileError(cause, `'${sourceKey}' to '${destinationKey}'`, 'copy');
    }
  }

  async exists(key: string): Promise<boolean> {
    const file = this.#resolveKey(key);
    try {
      return (await fs.stat(file)).isFile();
    } catch (cause) {
      if (isCode(cause, 'ENOENT') || isCode(cause, 'ENOTDIR')) return false;
      throw translateFileError(cause, `'${key}'`, 'read');
    }
  }

  async delete(key: string): Promise<void> {
    const file = this.#resolveKey(key);
    try {
      await fs.unlink(file);
    } catch (cause) {
      if (isCode(cause, 'ENOENT') || isCode(cause, 'ENOTDIR')) return;
      throw translateFileError(cause, `'${key}'`, 'delete');
    }
  }

  async *list(prefix: string): AsyncIterable<RepositoryObject> {
    // A prefix need not end at a folder boundary ('runs/ab' matches 'runs/abc/model.onnx'),
    // so walk from the folder that holds everything the prefix can match.
    const lastSlash = prefix.lastIndexOf('/');
    const folderKey = lastSlash === -1 ? '' : prefix.slice(0, lastSlash);
    const folder = folderKey === '' ? this.rootDir : this.#resolveKey(folderKey);
    for await (const file of walkFiles(folder, folderKey)) {
      if (!file.key.startsWith(prefix)) continue;
      try {
        const stats = await fs.stat(file.path);
        yield { key: file.key, sizeBytes: stats.size, lastModified: Math.round(stats.mtimeMs) };
      } catch (cause) {
        // Deleted between listing and stat: it is no longer there, so it is not listed.
        if (isCode(cause, 'ENOENT')) continue;
        throw translateFileError(cause, `'${file.key}'`, 'read');
      }
    }
  }

  uri(key: string): string {
    return pathToFileURL(this.#resolveKey(key)).href;
  }

  /** Maps a key to a path under the root, refusing keys that would leave it. */
  #resolveKey(key: string): string {
    const segments = key.split('/');
    const isSafe =
      typeof key === 'string' &&
      key.length > 0 &&
      !key.includes('\0') &&
      !key.includes('\\') &&
      segments.every((segment) => segment !== '' && segment !== '.' && segment !== '..') &&
      !key.endsWith(temporarySuffix);
    const resolved = path.resolve(this.rootDir, ...segments);
    if (!isSafe || !resolved.startsWith(this.rootDir + path.sep)) {
      throw new MLOpsError(
        'INVALID_ARGUMENT',
        `Key '${key}' is not a safe relative path inside the model folder. Use '/'-separated segments without '.', '..', empty segments or backslashes, such as 'runs/<runId>/model.onnx'.`,
        { providerId },
      );
    }
    return resolved;
  }
}

/** Files under `folder`, depth first, with their keys; missing folders yield nothing. */
async function* walkFiles(folder: string, folderKey: string): AsyncGenerator<{ key: string; path: string }> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(folder, { withFileTypes: true });
  } catch (cause) {
    if (isCode(cause, 'ENOENT') || isCode(cause, 'ENOTDIR')) return;
    throw translateFileError(cause, `the folder '${folder}'`, 'list');
  }
  for (const entry of entries) {
    const key = folderKey === '' ? entry.name : `${folderKey}/${entry.name}`;
    const entryPath = path.join(folder, entry.name);
    // Symbolic links are not followed: they could point outside the root.
    if (entry.isDirectory()) yield* walkFiles(entryPath, key);
    else if (entry.isFile() && !entry.name.endsWith(temporarySuffix)) yield { key, path: entryPath };
  }
}

function temporaryPathFor(destination: string): string {
  return path.join(path.dirname(destination), `.${path.basename(destination)}.${randomUUID()}${temporarySuffix}`);
}

async function openForWriting(file: string): Promise<FileHandle> {
  try {
    return await fs.open(file, 'wx');
  } catch (error) {
    if (!isCode(error, 'ENOENT')) throw error;
    await fs.mkdir(path.dirname(file), { recursive: true });
    return await fs.open(file, 'wx');
  }
}

async function writeFully(handle: FileHandle, buffer: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < buffer.byteLength) {
    const { bytesWritten } = await handle.write(buffer, offset, buffer.byteLength - offset);
    offset += bytesWritten;
  }
}

/** Makes a rename durable. Some platforms (Windows) cannot open folders: that is not an error. */
async function syncDirectory(folder: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await fs.open(folder, 'r');
    await handle.sync();
  } catch {
    // Durability of the rename is best effort; the data itself was synced.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

/** Translates a Node.js file-system error into an MLOpsError naming what failed. */
function translateFileError(cause: unknown, what: string, action: string, missingKey?: string): MLOpsError {
  if (MLOpsError.isInstance(cause)) return cause;
  if (missingKey !== undefined && (isCode(cause, 'ENOENT') || isCode(cause, 'EISDIR') || isCode(cause, 'ENOTDIR'))) {
    return storeErrors.objectNotFound(missingKey, providerId, cause);
  }
  const reason = cause instanceof Error ? ` (${cause.message})` : '';
  if (isCode(cause, 'EACCES') || isCode(cause, 'EPERM') || isCode(cause, 'EROFS')) {
    return new MLOpsError(
      'PERMISSION_DENIED',
      `The local-file model repository may not ${action} ${what}${reason}. Give the process read and write access to the model folder, or configure another rootDir.`,
      { providerId, cause },
    );
  }
  if (isCode(cause, 'ENOSPC') || isCode(cause, 'EDQUOT')) {
    return new MLOpsError(
      'UNAVAILABLE',
      `The disk holding the model folder is full, so ${what} could not be written${reason}. Free space or configure a rootDir on a larger disk.`,
      { providerId, cause },
    );
  }
  return storeErrors.unavailable(providerId, `The local-file model repository could not ${action} ${what}`, cause);
}
