import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MLOpsError } from '../errors.js';
import { describeType } from './config-key-path.js';
import { importTypeScriptConfig } from './import-typescript-config.js';
import { describeJsonError } from './json-error.js';
import { isPlainObject } from './plain-object.js';

const typeScriptExtensions = ['.ts', '.mts', '.cts'];

/**
 * The configuration a file holds, before validation: a `.json` file's object, or the
 * default export of a `.js`, `.mjs`, `.cjs` or TypeScript module (an object, or a function
 * returning one or a promise of one, for computed values).
 *
 * @param projectFolders Where a TypeScript loader (tsx) is looked up, after the file's folder.
 * @throws MLOpsError INVALID_ARGUMENT for JSON that does not parse or a module without a
 *   default export; UNSUPPORTED for TypeScript this Node cannot import; the module's own error
 *   (as the cause of UNAVAILABLE) when it throws.
 */
export async function readConfigFile(file: string, projectFolders: readonly string[]): Promise<unknown> {
  if (path.extname(file) === '.json') return readJsonConfig(file);
  let module: { default?: unknown };
  try {
    module = typeScriptExtensions.includes(path.extname(file))
      ? ((await importTypeScriptConfig(file, projectFolders)) as { default?: unknown })
      : ((await import(pathToFileURL(file).href)) as { default?: unknown });
  } catch (error) {
    if (MLOpsError.isInstance(error)) throw error;
    throw new MLOpsError('UNAVAILABLE', `The config file ${file} failed to load: ${(error as Error)?.message ?? String(error)}. Fix the error in the file, or its imports.`, {
      cause: error,
    });
  }
  let content = module.default;
  // A module compiled to CommonJS from ESM (tsx does so for .ts outside a "type": "module" package,
  // as TypeScript and Babel do) is seen by import() as module.exports, holding the real default.
  if (typeof content === 'object' && content !== null && (content as { __esModule?: unknown }).__esModule === true && 'default' in content) {
    content = (content as { default: unknown }).default;
  }
  if (typeof content === 'function') {
    try {
      content = await (content as () => unknown)();
    } catch (error) {
      if (MLOpsError.isInstance(error)) throw error;
      throw new MLOpsError('UNAVAILABLE', `The function exported by the config file ${file} threw: ${(error as Error)?.message ?? String(error)}. Fix the function, or export an object.`, {
        cause: error,
      });
    }
  }
  if (!isPlainObject(content)) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `The default export of the config file ${file} is ${describeType(content)}${typeof module.default === 'function' ? ' (returned by its function)' : ''}, not an object. Export the configuration as the default: export default { store: { provider: 'sqlite' } } (or a function returning it).`,
    );
  }
  return content;
}

async function readJsonConfig(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new MLOpsError(error.code === 'ENOENT' ? 'NOT_FOUND' : 'UNAVAILABLE', `The config file ${file} cannot be read (${error.code ?? error.message}). Check that it exists and can be read.`, {
      cause: error,
    });
  });
  try {
    // A byte order mark, as some Windows editors write, is not JSON.
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    throw new MLOpsError('INVALID_ARGUMENT', `The config file ${file} is not valid JSON: ${describeJsonError(error, text.replace(/^\uFEFF/, ''))}. Fix the syntax (JSON allows no comments or trailing commas).`);
  }
}
