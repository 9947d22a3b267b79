import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** Which declared dependencies to read: 'production' (dependencies and optionalDependencies) or 'all' (devDependencies too). */
export type DependencySelection = 'production' | 'all';

/**
 * The application's dependencies with the versions actually installed: reads the nearest
 * package.json from `startDir` upwards, then each dependency's own package.json from the
 * nearest node_modules. A dependency that is not installed keeps its declared range.
 */
export async function readInstalledDependencies(startDir: string = process.cwd(), selection: DependencySelection = 'all'): Promise<{ name: string; version: string }[]> {
  const manifestPath = await findNearestPackageJson(startDir);
  return manifestPath === undefined ? [] : readDependenciesOfManifest(manifestPath, selection);
}

/** The path of the package.json nearest to `startDir` (in it or above it), if any. */
export function findNearestPackageJson(startDir: string): Promise<string | undefined> {
  return findUp(startDir, 'package.json');
}

/** The dependencies a package.json declares, with their installed versions, sorted by name. */
export async function readDependenciesOfManifest(manifestPath: string, selection: DependencySelection): Promise<{ name: string; version: string }[]> {
  const parsed: unknown = JSON.parse(await readFile(manifestPath, 'utf8'));
  const manifest = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const declared = {
    ...declaredVersions(manifest.optionalDependencies),
    ...(selection === 'all' ? declaredVersions(manifest.devDependencies) : {}),
    ...declaredVersions(manifest.dependencies),
  };
  const root = path.dirname(manifestPath);
  const dependencies = await Promise.all(
    Object.entries(declared).map(async ([name, range]) => ({ name, version: (await readInstalledVersion(root, name)) ?? range })),
  );
  return dependencies.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A dependency map's string entries; anything else a hand-edited package.json may hold is ignored. */
function declaredVersions(section: unknown): Record<string, string> {
  if (typeof section !== 'object' || section === null || Array.isArray(section)) return {};
  return Object.fromEntries(Object.entries(section).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

async function readInstalledVersion(fromDir: string, name: string): Promise<string | undefined> {
  const manifestPath = await findUp(fromDir, path.join('node_modules', name, 'package.json'));
  if (!manifestPath) return undefined;
  try {
    const version = (JSON.parse(await readFile(manifestPath, 'utf8')) as { version?: unknown }).version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}

async function findUp(fromDir: string, relativePath: string): Promise<string | undefined> {
  let dir = path.resolve(fromDir);
  for (;;) {
    const candidate = path.join(dir, relativePath);
    try {
      await readFile(candidate);
      return candidate;
    } catch {
      const parent = path.dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  }
}
