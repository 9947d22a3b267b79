import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * The base names of the files deployed under a local model repository, e.g.
 * `['penguin-sex.onnx']`: the repository keeps them under
 * `deployments/<registered model id>/<target id>/`, so tests look them up by name.
 */
export function deployedFileNames(modelsFolder: string): string[] {
  const folder = path.join(modelsFolder, 'deployments');
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort();
}
