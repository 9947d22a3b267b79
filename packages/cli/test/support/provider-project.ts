import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { temporaryProject } from './run-mlops.js';

/**
 * A temporary project that has installed the given provider packages, as `npm i
 * @mlops-ts/postgres` would: node_modules/@mlops-ts/<name> links to the workspace package.
 */
export function projectWithProviders(names: readonly string[]): ReturnType<typeof temporaryProject> {
  const project = temporaryProject('mlops-cli-providers-');
  mkdirSync(path.join(project.folder, 'node_modules', '@mlops-ts'), { recursive: true });
  for (const name of names) {
    const workspacePackage = fileURLToPath(new URL(`../../../${name}`, import.meta.url));
    symlinkSync(workspacePackage, path.join(project.folder, 'node_modules', '@mlops-ts', name), 'dir');
  }
  return project;
}
