import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The workspace's packages folder, for linking real provider packages into a temp project. */
export const packagesFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** A temp folder holding a project: files written by relative path, packages linked into node_modules. */
export interface TempProject {
  readonly dir: string;
  /** Writes `content` to `relativePath` (folders created). */
  write(relativePath: string, content: string): Promise<string>;
  /** Links `target` as `node_modules/<packageName>`. */
  link(packageName: string, target: string): Promise<void>;
  remove(): Promise<void>;
}

export async function createTempProject(prefix = 'mlops-config-'): Promise<TempProject> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return {
    dir,
    async write(relativePath, content) {
      const file = path.join(dir, relativePath);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, content);
      return file;
    },
    async link(packageName, target) {
      const linkPath = path.join(dir, 'node_modules', packageName);
      await mkdir(path.dirname(linkPath), { recursive: true });
      await symlink(target, linkPath, 'dir');
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

const configVariable = /^MLOPS_(STORE|REPOSITORY|TRACKING|CONFIG|CAPTURE_RUN_CONTEXT)(_|$)/;

/**
 * Clears the MLOPS_* variables that configure a context (so the machine's own settings do
 * not leak into a test) and returns a function that puts process.env back as it was.
 */
export function isolateConfigEnvironment(): () => void {
  const saved = { ...process.env };
  for (const name of Object.keys(process.env)) if (configVariable.test(name)) delete process.env[name];
  return () => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  };
}
