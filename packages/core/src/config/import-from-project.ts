import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MLOpsError } from '../errors.js';
import { resolvePackageExport } from './package-exports.js';

/** A package (or file) found and imported by `importFromProject`. */
export interface ProjectModule<Module> {
  /** The module's exports. */
  module: Module;
  /** The file it was loaded from, absolute. */
  resolvedPath: string;
}

/**
 * The folders a user's packages are looked up from when nothing more precise is known:
 * the working folder, then the folder of the application's entry script.
 */
export function defaultProjectFolders(): string[] {
  return [process.cwd(), ...(process.argv[1] ? [path.dirname(path.resolve(process.argv[1]))] : [])];
}

/**
 * The folders a configuration's packages are looked up from: the working folder first (in a
 * monorepo, the package being run may install its own providers), then the config file's.
 * Not the entry script's: for a command such as `mlops`, that is the command's own install.
 */
export function projectFoldersOf(cwd: string | undefined, configFile: string | undefined): string[] {
  const folders = [path.resolve(cwd ?? process.cwd()), ...(configFile === undefined ? [] : [path.dirname(configFile)])];
  return [...new Set(folders)];
}

/**
 * The file `specifier` (a package name, or a package subpath such as `tsx/esm/api`) resolves
 * to for an `import()` from the first of `folders` it is installed for (in that folder's or a
 * parent's node_modules), or undefined when it is installed for none. Packages are looked up
 * from the user's project, not from the core's own location, so a provider is used only when
 * the project installed it (not bundled, no second copy).
 *
 * The package's `exports` are read with the conditions an `import()` matches (`node`,
 * `import`, `default`); Node's `require.resolve` is not used because it matches `require`
 * entries, which may name another build than the one `import` gets. A specifier starting with
 * `.` or `/` is a file path, relative to the folder.
 *
 * @throws MLOpsError UNAVAILABLE when the package is installed but exports no such entry, or its file is missing.
 */
export function resolveFromProject(specifier: string, folders: readonly string[]): string | undefined {
  for (const folder of folders) {
    const resolved = specifier.startsWith('.') || path.isAbsolute(specifier) ? resolveFile(path.resolve(folder, specifier)) : resolvePackage(specifier, path.resolve(folder));
    if (resolved !== undefined) return realpathSync(resolved);
  }
  return undefined;
}

function resolvePackage(specifier: string, folder: string): string | undefined {
  const name = packageNameOf(specifier);
  const subpath = `.${specifier.slice(name.length)}`;
  const packageFolder = nodeModulesFoldersFrom(folder)
    .map((modules) => path.join(modules, name))
    .find((candidate) => existsSync(path.join(candidate, 'package.json')));
  if (packageFolder === undefined) return undefined;
  const manifest = JSON.parse(readFileSync(path.join(packageFolder, 'package.json'), 'utf8')) as { exports?: unknown };
  if (manifest.exports === undefined) {
    // No exports map: `main`, index.js or the subpath's file, as require finds them.
    return resolveFile(path.join(packageFolder, subpath)) ?? unavailable(specifier, packageFolder, 'has no entry file');
  }
  const target = resolvePackageExport(manifest.exports, subpath);
  if (target === undefined) return unavailable(specifier, packageFolder, `exports no '${subpath}' entry for import()`);
  const file = path.join(packageFolder, target);
  return existsSync(file) ? file : unavailable(specifier, packageFolder, `exports ${target}, which is missing (is the package built?)`);
}

/**
 * The node_modules folders an `import()` from `folder` searches, nearest first. Not NODE_PATH
 * or require's global folders: import() ignores them (and package managers set NODE_PATH for
 * their own tools, which would find packages the project does not have).
 */
function nodeModulesFoldersFrom(folder: string): string[] {
  const folders: string[] = [];
  for (let directory = folder; ; directory = path.dirname(directory)) {
    if (path.basename(directory) !== 'node_modules') folders.push(path.join(directory, 'node_modules'));
    if (path.dirname(directory) === directory) return folders;
  }
}

/** The file at `file`, trying require's extensions and index files; undefined when there is none. */
function resolveFile(file: string): string | undefined {
  try {
    return createRequire(file).resolve(file);
  } catch {
    return undefined;
  }
}

function unavailable(specifier: string, packageFolder: string, problem: string): never {
  throw new MLOpsError('UNAVAILABLE', `'${specifier}' is installed (${packageFolder}) but ${problem}. Reinstall it (npm i ${packageNameOf(specifier)}), in a version that matches @mlops-ts/core.`);
}

/**
 * Imports `specifier` as `resolveFromProject` finds it; undefined when it is not installed.
 *
 * @throws MLOpsError UNAVAILABLE when it is installed but fails to load (its own MLOpsError passes through).
 */
export async function importFromProject<Module>(specifier: string, folders: readonly string[]): Promise<ProjectModule<Module> | undefined> {
  const resolvedPath = resolveFromProject(specifier, folders);
  if (resolvedPath === undefined) return undefined;
  try {
    return { module: (await import(pathToFileURL(resolvedPath).href)) as Module, resolvedPath };
  } catch (error) {
    if (MLOpsError.isInstance(error)) throw error;
    throw new MLOpsError(
      'UNAVAILABLE',
      `'${specifier}' is installed (${resolvedPath}) but failed to load: ${(error as Error)?.message ?? String(error)}. Reinstall it (npm i ${packageNameOf(specifier)}), in a version that matches @mlops-ts/core.`,
      { cause: error },
    );
  }
}

/** `@scope/name` or `name` of a specifier that may name a subpath (`tsx/esm/api` → `tsx`). */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}
