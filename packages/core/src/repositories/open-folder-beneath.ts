import { constants as fsConstants, type Stats } from 'node:fs';
import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/**
 * Walking a key's folders without ever following a symbolic link.
 *
 * Checking paths first (lstat of each segment, or realpath containment) and then using them
 * leaves a window in which someone who can write in the root swaps a checked folder for a
 * link, and Node.js has no openat()/RESOLVE_NO_SYMLINKS to close it. On Linux this module
 * closes it anyway: each folder is opened with O_NOFOLLOW | O_DIRECTORY (a link fails the
 * open itself), and the next step goes through the open handle (`/proc/self/fd/N/child`),
 * so every later path names the folder that was checked, wherever it is moved. That costs
 * one open and close per folder of a key. Where /proc is missing (macOS, Windows) each
 * segment is checked with lstat: links already there are refused, a swap racing the
 * operation is not.
 */

/** A symbolic link met while walking a key; the repository turns it into an MLOpsError. */
export class SymbolicLinkRefused extends Error {
  constructor(readonly linkPath: string) {
    super(`'${linkPath}' is a symbolic link.`);
    this.name = 'SymbolicLinkRefused';
  }
}

/** A folder reached from the root without following links. */
export interface FolderBeneath {
  /** Reaches this folder in other fs calls: `/proc/self/fd/N` where handles pin folders, else the plain path. */
  readonly path: string;
  /** True when `path` goes through an open handle, so a swap of the plain path does not affect it. */
  readonly isPinned: boolean;
  /** The plain path of the folder, for messages. */
  readonly displayPath: string;
  /** Flushes the folder's entries (a rename) to disk; best effort where folders cannot be opened. */
  sync(): Promise<void>;
  /** Releases the folder's handle, if any. */
  close(): Promise<void>;
}

const folderFlags = fsConstants.O_RDONLY | (fsConstants.O_DIRECTORY ?? 0) | (fsConstants.O_NOFOLLOW ?? 0);
/** Makes opening a file fail on a link; 0 where the platform lacks it (Windows), which `openFileBeneath` covers with lstat. */
const noFollowFlag: number = fsConstants.O_NOFOLLOW ?? 0;

let handlesPinFolders: Promise<boolean> | undefined;

/** True when `/proc/self/fd/N` of an open folder leads into that folder (Linux). */
export function canPinFolders(): Promise<boolean> {
  handlesPinFolders ??= (async () => {
    if (process.platform !== 'linux') return false;
    let handle: FileHandle | undefined;
    try {
      handle = await fs.open('/', folderFlags);
      const [throughHandle, direct] = await Promise.all([fs.stat(`/proc/self/fd/${handle.fd}/`), handle.stat()]);
      return throughHandle.ino === direct.ino && throughHandle.dev === direct.dev;
    } catch {
      return false;
    } finally {
      await handle?.close();
    }
  })();
  return handlesPinFolders;
}

/**
 * Opens the folder `segments` below `rootDir` (the root itself may be a link: it is what the
 * user configured). Throws `SymbolicLinkRefused` for a link on the way, ENOENT/ENOTDIR
 * errors as Node.js gives them, and creates missing folders when `create` is set.
 */
export async function openFolderBeneath(rootDir: string, segments: readonly string[], options: { create: boolean; pin?: boolean }): Promise<FolderBeneath> {
  const pin = options.pin ?? (await canPinFolders());
  if (options.create) await fs.mkdir(rootDir, { recursive: true });
  let folder = pin ? pinnedFolder(await fs.open(rootDir, fsConstants.O_RDONLY | (fsConstants.O_DIRECTORY ?? 0)), rootDir) : plainFolder(rootDir);
  try {
    for (const segment of segments) {
      const next = await openChildFolder(folder, segment, options.create, pin);
      await folder.close();
      folder = next;
    }
    return folder;
  } catch (error) {
    await folder.close();
    throw error;
  }
}

/** Opens the folder `name` inside `folder`; see `openFolderBeneath`. */
export async function openChildFolder(folder: FolderBeneath, name: string, create: boolean, pin: boolean): Promise<FolderBeneath> {
  const childPath = pathInside(folder, name);
  const displayPath = path.join(folder.displayPath, name);
  for (let attempt = 0; ; attempt++) {
    try {
      if (pin) return pinnedFolder(await fs.open(childPath, folderFlags), displayPath);
      const stats = await fs.lstat(childPath);
      if (stats.isSymbolicLink()) throw new SymbolicLinkRefused(displayPath);
      if (!stats.isDirectory()) throw Object.assign(new Error(`'${displayPath}' is not a folder.`), { code: 'ENOTDIR' });
      return plainFolder(childPath);
    } catch (error) {
      if (create && attempt === 0 && codeOf(error) === 'ENOENT') {
        await fs.mkdir(childPath).catch((mkdirError: unknown) => {
          if (codeOf(mkdirError) !== 'EEXIST') throw mkdirError;
        });
        continue;
      }
      throw await explainLink(error, childPath, displayPath);
    }
  }
}

/**
 * Opens the file `name` inside `folder` with `flags`, refusing a link with
 * `SymbolicLinkRefused` (O_NOFOLLOW where the platform has it, lstat before otherwise).
 */
export async function openFileBeneath(folder: FolderBeneath, name: string, flags: number): Promise<FileHandle> {
  const filePath = pathInside(folder, name);
  if (noFollowFlag === 0) await lstatBeneath(folder, name);
  try {
    return await fs.open(filePath, flags | noFollowFlag);
  } catch (error) {
    throw await explainLink(error, filePath, path.join(folder.displayPath, name));
  }
}

/** The lstat of `name` inside `folder`, undefined when missing; throws `SymbolicLinkRefused` for a link. */
export async function lstatBeneath(folder: FolderBeneath, name: string): Promise<Stats | undefined> {
  let stats: Stats;
  try {
    stats = await fs.lstat(pathInside(folder, name));
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    throw error;
  }
  if (stats.isSymbolicLink()) throw new SymbolicLinkRefused(path.join(folder.displayPath, name));
  return stats;
}

/** A path to `name` inside `folder` that goes through the folder's handle when it has one. */
export function pathInside(folder: FolderBeneath, name: string): string {
  return folder.isPinned ? `${folder.path}/${name}` : path.join(folder.path, name);
}

/** A path that opens the same file as `handle` (through the handle where folders are pinned). */
export function pathOfOpenFile(folder: FolderBeneath, handle: FileHandle, name: string): string {
  return folder.isPinned ? `/proc/self/fd/${handle.fd}` : path.join(folder.path, name);
}

/**
 * Turns the error of an open with O_NOFOLLOW into `SymbolicLinkRefused` when a link caused it
 * (Linux says ELOOP, FreeBSD EMLINK, and O_DIRECTORY on a link may say ENOTDIR).
 */
export async function explainLink(error: unknown, filePath: string, displayPath: string): Promise<unknown> {
  const code = codeOf(error);
  if (code !== 'ELOOP' && code !== 'EMLINK' && code !== 'ENOTDIR') return error;
  const stats = await fs.lstat(filePath).catch(() => undefined);
  return stats?.isSymbolicLink() ? new SymbolicLinkRefused(displayPath) : error;
}

function pinnedFolder(handle: FileHandle, displayPath: string): FolderBeneath {
  return {
    path: `/proc/self/fd/${handle.fd}`,
    isPinned: true,
    displayPath,
    sync: () => handle.sync(),
    close: () => handle.close(),
  };
}

function plainFolder(folderPath: string): FolderBeneath {
  return {
    path: folderPath,
    isPinned: false,
    displayPath: folderPath,
    sync: () => syncFolderByPath(folderPath),
    close: async () => {},
  };
}

/** Some platforms (Windows) cannot open folders: durability of the rename is then best effort. */
async function syncFolderByPath(folderPath: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await fs.open(folderPath, 'r');
    await handle.sync();
  } catch {
    // The data itself was synced before the rename.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

export function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}
