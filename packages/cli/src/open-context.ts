import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadContext, resolveConfig, type MLOpsContext, type ResolvedMLOpsConfig } from '@mlops-ts/core';
import type { GlobalOptions } from './output.js';

/** The configuration `--config` (else MLOPS_CONFIG, else the mlops.config.* found from the working folder up) resolves to. */
export function resolveCliConfig(globals: GlobalOptions): Promise<ResolvedMLOpsConfig> {
  return resolveConfig(globals.config === undefined ? {} : { configPath: globals.config });
}

/** Builds the configured context: providers are imported from the project, as `loadContext` does. */
export async function openContext(globals: GlobalOptions): Promise<MLOpsContext> {
  return loadContext({ resolvedConfig: withBundledSQLite(await resolveCliConfig(globals)) });
}

/**
 * The command ships @mlops-ts/sqlite so that the embedded default (and any SQLite store) works
 * in a folder with nothing installed. A project that installs its own copy gets that one, as
 * with every other provider; otherwise the command's copy is named by its file.
 */
export function withBundledSQLite(resolved: ResolvedMLOpsConfig): ResolvedMLOpsConfig {
  const store = resolved.config.store;
  if (store === undefined || !('provider' in store) || store.provider !== 'sqlite') return resolved;
  const projectFolders = [process.cwd(), ...(resolved.configFile === undefined ? [] : [path.dirname(resolved.configFile)])];
  if (projectFolders.some((folder) => isInstalledFrom(folder, '@mlops-ts/sqlite'))) return resolved;
  const bundled = fileURLToPath(import.meta.resolve('@mlops-ts/sqlite'));
  return { ...resolved, config: { ...resolved.config, store: { package: bundled, method: 'useSQLite', ...(store.options === undefined ? {} : { options: store.options }) } } };
}

/** Whether `packageName` is in a node_modules folder of `folder` or a folder above it. */
function isInstalledFrom(folder: string, packageName: string): boolean {
  for (let directory = path.resolve(folder); ; directory = path.dirname(directory)) {
    if (existsSync(path.join(directory, 'node_modules', packageName, 'package.json'))) return true;
    if (path.dirname(directory) === directory) return false;
  }
}
