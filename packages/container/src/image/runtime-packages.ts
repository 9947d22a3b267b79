import { existsSync } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { MLOpsError } from '@mlops-ts/core';
import picomatch from 'picomatch';

import type { Platform } from '../registry/media-types.js';
import type { LayerFile } from './reproducible-layer.js';

interface PackageJson {
  name?: string;
  files?: string[];
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  exports?: unknown;
  main?: string;
}

/** Node's names of an OCI architecture, for native binaries laid out per platform. */
const nodeArchitectures: Record<string, string> = { amd64: 'x64', arm64: 'arm64', arm: 'arm', '386': 'ia32', ppc64le: 'ppc64', s390x: 's390x' };

/** Finds `name`'s folder the way Node does: node_modules folders from `fromDir` up. */
async function findPackage(name: string, fromDir: string): Promise<string | undefined> {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return realpath(candidate);
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Whether a file is a native binary for another platform than the image's: onnxruntime-node's
 * `bin/napi-v6/<os>/<arch>/` and node-gyp-build's `prebuilds/<os>-<arch>/` hold one per platform.
 */
function isForOtherPlatform(relative: string, platform: Platform): boolean {
  const arch = nodeArchitectures[platform.architecture] ?? platform.architecture;
  const napi = /(?:^|\/)bin\/napi-v\d+\/([^/]+)\/([^/]+)\//.exec(relative);
  if (napi) return napi[1] !== platform.os || napi[2] !== arch;
  const prebuild = /(?:^|\/)prebuilds\/([^/-]+)-([^/]+)\//.exec(relative);
  if (prebuild) return prebuild[1] !== platform.os || prebuild[2] !== arch;
  return false;
}

/**
 * TypeScript sources, declarations and source maps: Node never loads them from node_modules
 * (it does not strip types there), so they only add bytes, and a source edited in a workspace
 * would change the layer's digest without changing what runs.
 */
function isBuildOnly(relative: string): boolean {
  return /\.(?:[cm]?ts|map)$/.test(relative);
}

/** The package's files as npm would publish them: its `files` list (with negations) or everything but node_modules. */
async function publishedFiles(dir: string, manifest: PackageJson, platform: Platform): Promise<string[]> {
  const all = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name)).split(path.sep).join('/'))
    .filter((relative) => !relative.split('/').includes('node_modules') && !relative.startsWith('.git/'));
  let files = all;
  if (Array.isArray(manifest.files)) {
    const include = manifest.files.filter((pattern) => !pattern.startsWith('!')).flatMap((pattern) => {
      const clean = pattern.replace(/^\.?\//, '').replace(/\/$/, '');
      return [clean, `${clean}/**`];
    });
    const exclude = manifest.files.filter((pattern) => pattern.startsWith('!')).map((pattern) => pattern.slice(1).replace(/^\.?\//, ''));
    const isIncluded = picomatch(include, { dot: true });
    const isExcluded = exclude.length > 0 ? picomatch(exclude, { dot: true }) : () => false;
    const isAlwaysIncluded = (relative: string): boolean => relative === 'package.json' || /^(readme|license|licence)(\.|$)/i.test(relative);
    files = all.filter((relative) => isAlwaysIncluded(relative) || (isIncluded(relative) && !isExcluded(relative)));
  }
  return files.filter((relative) => !isForOtherPlatform(relative, platform) && !isBuildOnly(relative)).sort();
}

/** The file an entry point of a package names when Node imports it without conditions. */
function defaultEntry(manifest: PackageJson): string | undefined {
  const root = (manifest.exports as Record<string, unknown> | undefined)?.['.'] ?? manifest.exports;
  if (typeof root === 'string') return root;
  if (root && typeof root === 'object') {
    const target = (root as Record<string, unknown>).default ?? (root as Record<string, unknown>).import;
    if (typeof target === 'string') return target;
  }
  return manifest.main;
}

/**
 * The installed packages `roots` need at run time (their `dependencies`, `optionalDependencies`
 * that are installed and `peerDependencies`, transitively), as files under `/app/node_modules`,
 * laid out so Node finds each package's own version: one copy per name at the top, another
 * version nested under the package that needs it. Only files a package publishes go in, and
 * native binaries only for the image's platform.
 * @param fromDir where the roots are looked up (node_modules folders from there up).
 * @throws MLOpsError NOT_FOUND for a package that is not installed; UNAVAILABLE for one that is not built.
 */
export async function collectRuntimePackages(roots: readonly string[], fromDir: string, platform: Platform): Promise<LayerFile[]> {
  const placedAt = new Map<string, string>(); // image folder -> real source folder
  const files: LayerFile[] = [];
  const queue: { name: string; fromDir: string; imageParent: string }[] = roots.map((name) => ({ name, fromDir, imageParent: '/app' }));
  while (queue.length > 0) {
    const { name, fromDir: lookupDir, imageParent } = queue.shift()!;
    const source = await findPackage(name, lookupDir);
    if (source === undefined) {
      if (roots.includes(name)) throw new MLOpsError('NOT_FOUND', `Package '${name}' is not installed next to @mlops-ts/container. Install it (npm install ${name}).`);
      continue; // an optional or peer dependency that is not installed
    }
    const top = `/app/node_modules/${name}`;
    let target = top;
    if (placedAt.has(top) && placedAt.get(top) !== source) target = `${imageParent}/node_modules/${name}`;
    if (placedAt.get(target) === source) continue;
    placedAt.set(target, source);
    const manifest = JSON.parse(await readFile(path.join(source, 'package.json'), 'utf8')) as PackageJson;
    const entry = defaultEntry(manifest);
    if (entry !== undefined && !existsSync(path.join(source, entry))) {
      throw new MLOpsError('UNAVAILABLE', `Package '${name}' at ${source} is not built: its entry ${entry} is missing. Build it (npm run build) before building an image.`);
    }
    for (const relative of await publishedFiles(source, manifest, platform)) {
      const file = path.join(source, relative);
      const { mode } = await stat(file);
      files.push({ path: `${target}/${relative}`, content: await readFile(file), mode });
    }
    const peers = Object.keys(manifest.peerDependencies ?? {});
    for (const dependency of [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.optionalDependencies ?? {}), ...peers]) {
      queue.push({ name: dependency, fromDir: source, imageParent: target });
    }
  }
  return files;
}
