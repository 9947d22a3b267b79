import { readFile } from 'node:fs/promises';
import { MLOpsError } from '@mlops-ts/core';

/**
 * Reads a data file shipped in the installed vega-datasets package, as text. The package's
 * own loader would fetch the file from a CDN; reading it from disk keeps the examples offline.
 *
 * @param fileName a file of the package's `data` folder, e.g. `'penguins.json'`.
 * @throws MLOpsError NOT_FOUND when the installed release has no such file.
 */
export async function readVegaDatasetText(fileName: string): Promise<string> {
  // The package exports only its build, so its data folder is found next to it.
  const file = new URL(`../data/${fileName}`, import.meta.resolve('vega-datasets'));
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') throw cause;
    throw new MLOpsError('NOT_FOUND', `vega-datasets has no data file '${fileName}'. Check the name against node_modules/vega-datasets/data (the release in use is the one in examples/shared/package.json).`, { cause });
  }
}

/**
 * Reads a JSON data file of the installed vega-datasets package, e.g. `cars.json`: an array
 * of rows as the file has them (nulls included).
 *
 * @throws MLOpsError NOT_FOUND when the installed release has no such file.
 */
export async function readVegaDatasetJson<Row>(fileName: string): Promise<Row[]> {
  return JSON.parse(await readVegaDatasetText(fileName)) as Row[];
}
