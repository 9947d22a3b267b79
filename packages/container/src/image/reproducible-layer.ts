import { createHash } from 'node:crypto';
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import tarStream from 'tar-stream';

const gzipAsync = promisify(gzip);

/** One file of a layer: where it goes in the image and its bytes. */
export interface LayerFile {
  /** Absolute path inside the image, e.g. '/app/server.mjs'. */
  path: string;
  content: Buffer;
  /** Unix mode bits; default 0o644. Executable files keep 0o755. */
  mode?: number;
}

/** A layer ready to push: the gzip bytes and the digests the manifest and config need. */
export interface BuiltLayer {
  /** sha256 of the gzip bytes: the blob's name in the registry. */
  digest: string;
  /** sha256 of the uncompressed tar: what the image config lists in `rootfs.diff_ids`. */
  diffId: string;
  /** Size of the gzip bytes. */
  size: number;
  gzip: Buffer;
  /** What the layer holds, for the image history. */
  description: string;
}

/**
 * The modification time of every entry: one second after the epoch, as jib writes it, so
 * the same files give the same bytes on any machine and at any time (some tools treat 0 as unset).
 */
export const fixedModificationTime = new Date(1000);

const sha256 = (bytes: Uint8Array): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** Every parent folder of the files, so the runtime creates them with known owners and modes. */
function foldersOf(files: readonly LayerFile[]): string[] {
  const folders = new Set<string>();
  for (const file of files) {
    const parts = file.path.split('/').filter(Boolean);
    for (let depth = 1; depth < parts.length; depth++) folders.add(parts.slice(0, depth).join('/'));
  }
  return [...folders];
}

/**
 * Writes files as a reproducible tar+gzip layer: entries sorted by path, owned by root
 * (0:0, no user names), one fixed modification time, folders 0755, gzip without a file
 * name or time in its header (Node's zlib writes neither). The same files give the same
 * digest on every run with the same zlib (gzip output may differ between Node releases).
 */
export async function buildReproducibleLayer(files: readonly LayerFile[], description: string): Promise<BuiltLayer> {
  const seen = new Set<string>();
  for (const file of files) {
    if (!file.path.startsWith('/') || file.path.split('/').some((part) => part === '..' || part === '.')) {
      throw new Error(`Layer path '${file.path}' is not an absolute path without '.' or '..' segments.`);
    }
    if (seen.has(file.path)) throw new Error(`Layer path '${file.path}' appears twice.`);
    seen.add(file.path);
  }
  type Entry = { name: string; type: 'directory' | 'file'; mode: number; content?: Buffer };
  const entries: Entry[] = [
    ...foldersOf(files).map((name): Entry => ({ name: `${name}/`, type: 'directory', mode: 0o755 })),
    ...files.map((file): Entry => ({ name: file.path.slice(1), type: 'file', mode: (file.mode ?? 0o644) & 0o111 ? 0o755 : 0o644, content: file.content })),
  ];
  // Byte order, not locale order, so every machine sorts alike.
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const pack = tarStream.pack();
  const chunks: Buffer[] = [];
  const ended = new Promise<void>((resolve, reject) => {
    pack.on('data', (chunk) => void chunks.push(chunk as Buffer));
    pack.on('end', () => resolve());
    pack.on('error', reject);
  });
  for (const entry of entries) {
    const header = { name: entry.name, type: entry.type, mode: entry.mode, mtime: fixedModificationTime, uid: 0, gid: 0, uname: '', gname: '' };
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error | null): void => (error ? reject(error) : resolve());
      if (entry.content) pack.entry({ ...header, size: entry.content.length }, entry.content, done);
      else pack.entry(header, done);
    });
  }
  pack.finalize();
  await ended;
  const tar = Buffer.concat(chunks);
  const diffId = sha256(tar);
  const cached = recentLayers.get(diffId);
  if (cached) return { ...cached, description };
  const compressed = await gzipAsync(tar, { level: 6 });
  const layer = { digest: sha256(compressed), diffId, size: compressed.length, gzip: compressed, description };
  recentLayers.set(diffId, layer);
  if (recentLayers.size > 4) recentLayers.delete(recentLayers.keys().next().value!);
  return layer;
}

/**
 * Layers built lately, by diff id: the runtime layer (tens of MB) is the same for every
 * model, and gzip is most of a build's time, so a second build in a process skips it.
 */
const recentLayers = new Map<string, BuiltLayer>();
