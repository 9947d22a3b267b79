import { randomUUID } from 'node:crypto';
import { constants as fsConstants, type Dirent } from 'node:fs';
import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { MLOpsError } from '../errors.js';
import { optionKeys, refuseUnknownOptions } from '../option-keys.js';
import { storeErrors } from '../store-errors.js';
import type { DownloadUrlOptions } from '../spec/v1/download-url-options.js';
import type { ModelRepositoryV1 } from '../spec/v1/model-repository.js';
import type { PutOptions } from '../spec/v1/put-options.js';
import type { RepositoryObject } from '../spec/v1/repository-object.js';
import {
  codeOf,
  lstatBeneath,
  openChildFolder,
  openFileBeneath,
  openFolderBeneath,
  pathInside,
  pathOfOpenFile,
  SymbolicLinkRefused,
  type FolderBeneath,
} from './open-folder-beneath.js';
import { validateExpiresInSeconds } from './download-url.js';
import { createProgressReporter } from './progress-reporter.js';

const providerId = 'local-file';
const localFileOptionKeys = optionKeys<LocalFileModelRepositoryOptions>({ rootDir: true });

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
 * Symbolic links inside the root are never followed (see `open-folder-beneath.ts` for how,
 * races included): a key whose path meets one is refused with PERMISSION_DENIED, and `list`
 * skips links. The root itself may be a link.
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
    refuseUnknownOptions('useLocalFileModelRepository()', options, localFileOptionKeys, providerId);
    this.rootDir = path.resolve(options.rootDir ?? defaultRootDir);
  }

  /** Creates the root folder when missing and checks it is a writable folder. */
  async connect(): Promise<void> {
    try {
      await fs.mkdir(this.rootDir, { recursive: true });
      await fs.access(this.rootDir, fsConstants.R_OK | fsConstants.W_OK);
    } catch (cause) {
      throw translateFileError(cause, '', 'open', { what: `the model folder '${this.rootDir}'` });
    }
  }

  /** Nothing to release: every operation opens and closes its own files. */
  async close(): Promise<void> {}

  async put(key: string, body: Readable, options: PutOptions = {}): Promise<{ sizeBytes: number }> {
    const { folderSegments, name } = this.#splitKey(key);
    const { signal } = options;
    signal?.throwIfAborted();
    const report = createProgressReporter(options.onProgress, options.sizeBytes);
    let folder: FolderBeneath | undefined;
    let temporary: string | undefined;
    let handle: FileHandle | undefined;
    const abortBody = (): void => {
      body.destroy(signal?.reason);
    };
    signal?.addEventListener('abort', abortBody, { once: true });
    let bytes = 0;
    try {
      folder = await openFolderBeneath(this.rootDir, folderSegments, { create: true });
      // Refused before any byte is read. A link appearing later is replaced by the rename, never followed.
      await lstatBeneath(folder, name);
      temporary = pathInside(folder, temporaryNameFor(name));
      // 'wx' (O_CREAT | O_EXCL) never follows a link.
      handle = await fs.open(temporary, 'wx');
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
      await fs.rename(temporary, pathInside(folder, name));
      await folder.sync().catch(() => undefined);
      report(bytes, true);
      return { sizeBytes: bytes };
    } catch (cause) {
      if (!body.destroyed) body.destroy();
      await handle?.close().catch(() => undefined);
      if (temporary !== undefined) await fs.rm(temporary, { force: true }).catch(() => undefined);
      if (signal?.aborted) throw signal.reason;
      throw translateFileError(cause, key, 'write');
    } finally {
      signal?.removeEventListener('abort', abortBody);
      await folder?.close().catch(() => undefined);
    }
  }

  async get(key: string): Promise<Readable> {
    const { folderSegments, name } = this.#splitKey(key);
    let folder: FolderBeneath | undefined;
    let handle: FileHandle;
    try {
      folder = await openFolderBeneath(this.rootDir, folderSegments, { create: false });
      // Opening before streaming pins the current file: a later rename does not affect it.
      handle = await openFileBeneath(folder, name, fsConstants.O_RDONLY);
      const stats = await handle.stat();
      if (!stats.isFile()) {
        await handle.close();
        throw storeErrors.objectNotFound(key, providerId);
      }
    } catch (cause) {
      throw translateFileError(cause, key, 'read', { isMissingNotFound: true });
    } finally {
      await folder?.close().catch(() => undefined);
    }
    return handle.createReadStream({ highWaterMark: readChunkBytes });
  }

  async copy(sourceKey: string, destinationKey: string): Promise<void> {
    const source = this.#splitKey(sourceKey);
    const destination = this.#splitKey(destinationKey);
    const opened: { folder?: FolderBeneath; handle?: FileHandle; destinationFolder?: FolderBeneath } = {};
    let failingKey = sourceKey;
    let temporary: string | undefined;
    try {
      opened.folder = await openFolderBeneath(this.rootDir, source.folderSegments, { create: false });
      opened.handle = await openFileBeneath(opened.folder, source.name, fsConstants.O_RDONLY);
      if (!(await opened.handle.stat()).isFile()) throw storeErrors.objectNotFound(sourceKey, providerId);
      failingKey = destinationKey;
      opened.destinationFolder = await openFolderBeneath(this.rootDir, destination.folderSegments, { create: true });
      await lstatBeneath(opened.destinationFolder, destination.name);
      temporary = pathInside(opened.destinationFolder, temporaryNameFor(destination.name));
      // Copies the file already opened (without following links); COPYFILE_FICLONE clones where the file system can.
      const sourcePath = pathOfOpenFile(opened.folder, opened.handle, source.name);
      await fs.copyFile(sourcePath, temporary, fsConstants.COPYFILE_EXCL | fsConstants.COPYFILE_FICLONE);
      const copied = await fs.open(temporary, 'r+');
      try {
        await copied.sync();
      } finally {
        await copied.close();
      }
      await fs.rename(temporary, pathInside(opened.destinationFolder, destination.name));
      await opened.destinationFolder.sync().catch(() => undefined);
    } catch (cause) {
      if (temporary !== undefined) await fs.rm(temporary, { force: true }).catch(() => undefined);
      if (failingKey === sourceKey) throw translateFileError(cause, sourceKey, 'read', { isMissingNotFound: true });
      throw translateFileError(cause, destinationKey, 'copy to');
    } finally {
      await opened.handle?.close().catch(() => undefined);
      await opened.folder?.close().catch(() => undefined);
      await opened.destinationFolder?.close().catch(() => undefined);
    }
  }

  async exists(key: string): Promise<boolean> {
    const { folderSegments, name } = this.#splitKey(key);
    let folder: FolderBeneath | undefined;
    try {
      folder = await openFolderBeneath(this.rootDir, folderSegments, { create: false });
      return (await lstatBeneath(folder, name))?.isFile() ?? false;
    } catch (cause) {
      if (codeOf(cause) === 'ENOENT' || codeOf(cause) === 'ENOTDIR') return false;
      throw translateFileError(cause, key, 'read');
    } finally {
      await folder?.close().catch(() => undefined);
    }
  }

  async delete(key: string): Promise<void> {
    const { folderSegments, name } = this.#splitKey(key);
    let folder: FolderBeneath | undefined;
    try {
      folder = await openFolderBeneath(this.rootDir, folderSegments, { create: false });
      // unlink never follows a link; the check refuses keys that are links, like every other operation.
      if ((await lstatBeneath(folder, name)) === undefined) return;
      await fs.unlink(pathInside(folder, name));
    } catch (cause) {
      if (codeOf(cause) === 'ENOENT' || codeOf(cause) === 'ENOTDIR') return;
      throw translateFileError(cause, key, 'delete');
    } finally {
      await folder?.close().catch(() => undefined);
    }
  }

  async *list(prefix: string): AsyncIterable<RepositoryObject> {
    // A prefix need not end at a folder boundary ('runs/ab' matches 'runs/abc/model.onnx'),
    // so walk from the folder that holds everything the prefix can match.
    const lastSlash = prefix.lastIndexOf('/');
    const folderKey = lastSlash === -1 ? '' : prefix.slice(0, lastSlash);
    const folderSegments = folderKey === '' ? [] : this.#splitKey(folderKey).segments;
    let folder: FolderBeneath;
    try {
      folder = await openFolderBeneath(this.rootDir, folderSegments, { create: false });
    } catch (cause) {
      if (codeOf(cause) === 'ENOENT' || codeOf(cause) === 'ENOTDIR') return;
      throw translateFileError(cause, prefix, 'list');
    }
    try {
      yield* walkFiles(folder, folderKey, prefix);
    } finally {
      await folder.close().catch(() => undefined);
    }
  }

  uri(key: string): string {
    return pathToFileURL(path.join(this.rootDir, ...this.#splitKey(key).segments)).href;
  }

  /**
   * The file's absolute `file://` URL. It does not expire (`expiresInSeconds` is only
   * checked): whoever can read the folder can read the file, for as long as it is there.
   * NOT_FOUND when no file is stored under the key.
   */
  async getDownloadUrl(key: string, options: DownloadUrlOptions): Promise<string> {
    validateExpiresInSeconds(options?.expiresInSeconds, { providerId });
    if (!(await this.exists(key))) throw storeErrors.objectNotFound(key, providerId);
    return this.uri(key);
  }

  /** Splits a key into its segments, refusing keys that would leave the root. */
  #splitKey(key: string): { segments: string[]; folderSegments: string[]; name: string } {
    const segments = typeof key === 'string' ? key.split('/') : [];
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
    return { segments, folderSegments: segments.slice(0, -1), name: segments.at(-1)! };
  }
}

/**
 * Files under `folder`, depth first, with their keys. Links are skipped, never followed:
 * subfolders are opened with the same no-link walk, files checked with lstat.
 */
async function* walkFiles(folder: FolderBeneath, folderKey: string, prefix: string): AsyncGenerator<RepositoryObject> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(folder.path, { withFileTypes: true });
  } catch (cause) {
    if (codeOf(cause) === 'ENOENT' || codeOf(cause) === 'ENOTDIR') return;
    throw translateFileError(cause, folderKey, 'list');
  }
  for (const entry of entries) {
    const key = folderKey === '' ? entry.name : `${folderKey}/${entry.name}`;
    if (entry.isDirectory()) {
      let child: FolderBeneath;
      try {
        child = await openChildFolder(folder, entry.name, false, folder.isPinned);
      } catch (cause) {
        // Removed, or swapped for a link, since readdir: not part of the listing.
        if (cause instanceof SymbolicLinkRefused || codeOf(cause) === 'ENOENT' || codeOf(cause) === 'ENOTDIR') continue;
        throw translateFileError(cause, key, 'list');
      }
      try {
        yield* walkFiles(child, key, prefix);
      } finally {
        await child.close().catch(() => undefined);
      }
    } else if (entry.isFile() && !entry.name.endsWith(temporarySuffix) && key.startsWith(prefix)) {
      const stats = await fs.lstat(pathInside(folder, entry.name)).catch((cause: unknown) => {
        // Deleted between listing and lstat: it is no longer there, so it is not listed.
        if (codeOf(cause) === 'ENOENT') return undefined;
        throw translateFileError(cause, key, 'read');
      });
      if (stats?.isFile()) yield { key, sizeBytes: stats.size, lastModified: Math.round(stats.mtimeMs) };
    }
  }
}

function temporaryNameFor(name: string): string {
  return `.${name}.${randomUUID()}${temporarySuffix}`;
}

async function writeFully(handle: FileHandle, buffer: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < buffer.byteLength) {
    const { bytesWritten } = await handle.write(buffer, offset, buffer.byteLength - offset);
    offset += bytesWritten;
  }
}

/** Translates a Node.js file-system error into an MLOpsError naming the key and what failed. */
function translateFileError(cause: unknown, key: string, action: string, options: { isMissingNotFound?: boolean; what?: string } = {}): MLOpsError {
  if (MLOpsError.isInstance(cause)) return cause;
  if (cause instanceof SymbolicLinkRefused) {
    return new MLOpsError(
      'PERMISSION_DENIED',
      `Key '${key}' passes through the symbolic link '${cause.linkPath}', and the local-file model repository never follows links (one could lead outside the model folder). Replace the link with a real folder or file, or point rootDir at the folder it leads to.`,
      { providerId, cause },
    );
  }
  const code = codeOf(cause);
  if (options.isMissingNotFound && (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR')) {
    return storeErrors.objectNotFound(key, providerId, cause);
  }
  const reason = cause instanceof Error ? ` (${cause.message})` : '';
  const what = options.what ?? (key === '' ? 'the model folder' : `'${key}'`);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new MLOpsError(
      'PERMISSION_DENIED',
      `The local-file model repository may not ${action} ${what}${reason}. Give the process read and write access to the model folder, or configure another rootDir.`,
      { providerId, cause },
    );
  }
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new MLOpsError(
      'UNAVAILABLE',
      `The disk holding the model folder is full, so ${what} could not be written${reason}. Free space or configure a rootDir on a larger disk.`,
      { providerId, cause },
    );
  }
  return storeErrors.unavailable(providerId, `The local-file model repository could not ${action} ${what}`, cause);
}
