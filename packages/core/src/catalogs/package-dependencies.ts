import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The application's dependencies with the versions actually installed: reads the nearest
 * package.json from `startDir` upwards, then each dependency's own package.json from the
 * nearest node_modules. A dependency that is not installed keeps its declared range.
 */
export async function readInstalledDependencies(startDir: string = process.cwd()): Promise<{ name: string; version: string }[]> {
  const manifestPath = await findUp(startDir, 'package.json');
  if (!manifestPath) return [];
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, Record<string, string> | undefined>;
  const declared = { ...manifest.optionalDependencies, ...manifest.devDependencies, ...manifest.dependencies };
  const root = path.dirname(manifestPath);
  const dependencies = await Promise.all(
    Object.entries(declared).map(async ([name, range]) => ({ name, version: (await readInstalledVersion(root, name)) ?? range })),
  );
  return dependencies.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
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
