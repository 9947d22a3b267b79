import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MLOpsError } from '../errors.js';
import { importFromProject } from './import-from-project.js';

type TsImport = (specifier: string, options: { parentURL: string }) => Promise<unknown>;

/**
 * Imports a TypeScript config file, by the first way that works here:
 *
 * 1. natively, where Node strips types (22.18 and later; `process.features.typescript`);
 * 2. with tsx's `tsImport`, when the project has `tsx` installed (looked up from the file's
 *    folder, then `projectFolders`; the core does not depend on it);
 * 3. with a plain `import()`, which works when this process already runs under a TypeScript
 *    loader (`tsx`, `node --import tsx`, a test runner).
 *
 * @throws MLOpsError UNSUPPORTED when none works, saying how to fix it.
 */
export async function importTypeScriptConfig(file: string, projectFolders: readonly string[]): Promise<unknown> {
  const url = pathToFileURL(file).href;
  if (nodeImportsTypeScript()) return import(url);
  const tsx = await importFromProject<{ tsImport?: TsImport }>('tsx/esm/api', [path.dirname(file), ...projectFolders]);
  if (typeof tsx?.module.tsImport === 'function') return tsx.module.tsImport(url, { parentURL: pathToFileURL(path.join(path.dirname(file), 'index.js')).href });
  try {
    return await import(url);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
    throw new MLOpsError(
      'UNSUPPORTED',
      `The config file ${file} is TypeScript, which Node ${process.versions.node} cannot import by itself (Node strips types from 22.18 on). Rename it to ${path.basename(file).replace(/\.[cm]?ts$/, '.mjs')} (or .js, .json), run under tsx (npx tsx …, node --import tsx …), or install tsx in the project (npm i -D tsx) so it is used to load the file.`,
      { cause: error },
    );
  }
}

/** True where this Node imports .ts files itself (`process.features.typescript` is 'strip' or 'transform'). */
function nodeImportsTypeScript(): boolean {
  return Boolean((process.features as { typescript?: unknown }).typescript);
}
