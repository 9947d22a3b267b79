import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { MLOpsError } from '../errors.js';

/** The names a config file is found under, and the extensions one given by path may have. */
export const configFileNames = ['mlops.config.json', 'mlops.config.js', 'mlops.config.mjs', 'mlops.config.cjs', 'mlops.config.ts', 'mlops.config.mts', 'mlops.config.cts'];
const configFileExtensions = configFileNames.map((name) => path.extname(name));

/**
 * The first `mlops.config.*` in `startDirectory` or a folder above it. The search stops at
 * the root of the git repository (the first folder holding `.git`, included), so a project
 * never picks up a file from outside its repository, and otherwise at the file system's root.
 *
 * @throws MLOpsError INVALID_ARGUMENT when one folder holds two config files.
 */
export async function findConfigFile(startDirectory: string): Promise<string | undefined> {
  for (let directory = path.resolve(startDirectory); ; directory = path.dirname(directory)) {
    const entries = await readdir(directory).catch(() => [] as string[]);
    const found = configFileNames.filter((name) => entries.includes(name));
    if (found.length > 1) {
      throw new MLOpsError(
        'INVALID_ARGUMENT',
        `${directory} holds ${found.length} config files (${found.join(', ')}), so which one applies is unclear. Keep one of them.`,
      );
    }
    if (found.length === 1) return path.join(directory, found[0]!);
    if (entries.includes('.git') || path.dirname(directory) === directory) return undefined;
  }
}

/**
 * The config file named by `configPath` (the `configPath` option, `--config`, `MLOPS_CONFIG`),
 * made absolute from `cwd`.
 *
 * @param where What named it, for messages: "the configPath option", "MLOPS_CONFIG".
 * @throws MLOpsError NOT_FOUND when there is no such file; INVALID_ARGUMENT for an extension that is not a config file's.
 */
export async function checkConfigPath(configPath: string, cwd: string, where: string): Promise<string> {
  const file = path.resolve(cwd, configPath);
  if (!configFileExtensions.includes(path.extname(file))) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `The config file ${file} (${where}) is not a .json, .js, .mjs, .cjs, .ts, .mts or .cts file. Give a file such as mlops.config.json.`,
    );
  }
  const stats = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new MLOpsError('NOT_FOUND', `The config file ${file} (${where}) ${error.code === 'ENOENT' ? 'does not exist' : `cannot be read (${error.code})`}. Check the path, or leave it out to search for mlops.config.json from the working folder up.`, {
      cause: error,
    });
  });
  if (!stats.isFile()) throw new MLOpsError('NOT_FOUND', `The config file ${file} (${where}) is not a file. Give the path of a file such as mlops.config.json.`);
  return file;
}
