import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MLOpsBuilder } from '../builder.js';
import type { MLOpsContext } from '../context.js';
import { MLOpsError } from '../errors.js';
import { corePackageName, describeSlot, findConfigProvider, type ConfigProvider, type ProviderSlot } from './config-providers.js';
import { importFromProject, projectFoldersOf } from './import-from-project.js';
import type { ConfigSource, ProviderConfig, ProviderOptions, ResolveConfigOptions, ResolvedMLOpsConfig } from './mlops-config.js';
import { resolveConfig } from './resolve-config.js';

/** Options of `loadContext`. */
export interface LoadContextOptions extends ResolveConfigOptions {
  /** A configuration `resolveConfig` already returned, built as it is (the other options are then not used). */
  resolvedConfig?: ResolvedMLOpsConfig;
}

type BuilderMethod = (this: MLOpsBuilder, ...args: unknown[]) => MLOpsBuilder;

/**
 * Builds an `MLOpsContext` from the configuration (`mlops.config.*`, `MLOPS_*` environment
 * variables, see `resolveConfig`): imports each named provider package from the project
 * (not from the core's own location: the project installs the providers it uses), calls its
 * builder method with the options, then connects. With nothing configured: the embedded
 * default, SQLite at `mlops/mlops.db` and files under `mlops/models`.
 *
 * @example
 * import { loadContext } from '@mlops-ts/core';
 * await using mlops = await loadContext();
 * @throws MLOpsError NOT_FOUND when a provider's package is not installed (saying `npm i <package>`
 *   and which key or variable asked for it); INVALID_ARGUMENT for a configuration that is not
 *   valid; the provider's own errors when it cannot connect.
 */
export async function loadContext(options: LoadContextOptions = {}): Promise<MLOpsContext> {
  const resolved = options.resolvedConfig ?? (await resolveConfig(options));
  const { config, configFile, sources } = resolved;
  // Without a config file, the base directory is the working folder the configuration was resolved in.
  const projectFolders = projectFoldersOf(options.cwd ?? (configFile === undefined ? resolved.baseDirectory : undefined), configFile);
  const builder = new MLOpsBuilder(config.captureRunContext === undefined ? {} : { captureRunContext: config.captureRunContext });
  const describe = (source: ConfigSource | undefined): string => describeSource(source, configFile);
  if (config.tracking !== undefined) {
    const entry = findConfigProvider('remote')!;
    await callProvider(builder, entry, [config.tracking.uri, ...(config.tracking.options === undefined ? [] : [config.tracking.options])], 'tracking', describe(sources.tracking), projectFolders);
  } else {
    for (const slot of ['store', 'repository'] as const) {
      const slotConfig = config[slot];
      if (slotConfig === undefined) continue;
      const folders = sources[slot]?.origin === 'default' ? [...projectFolders, path.dirname(fileURLToPath(import.meta.url))] : projectFolders;
      await applyProviderConfig(builder, slot, slotConfig, describe(sources[slot]), folders);
    }
  }
  return builder.build();
}

async function applyProviderConfig(builder: MLOpsBuilder, slot: 'store' | 'repository', config: ProviderConfig, where: string, projectFolders: readonly string[]): Promise<void> {
  const entry: ConfigProvider =
    'provider' in config ? findConfigProvider(config.provider)! : { name: config.package, slot, packageName: config.package, method: config.method };
  const options = collapseOptions(entry, config.options);
  await callProvider(builder, entry, options === undefined ? [] : [options], slot, where, projectFolders);
}

/** Imports the provider's package from the project and calls its builder method with `args`. */
async function callProvider(builder: MLOpsBuilder, entry: ConfigProvider, args: unknown[], slot: ProviderSlot, where: string, projectFolders: readonly string[]): Promise<void> {
  const what = `The ${describeSlot(slot)} '${entry.name}' (${where})`;
  const ownMethod = (): unknown => (builder as unknown as Record<string, unknown>)[entry.method];
  let method = ownMethod();
  if (entry.packageName !== corePackageName) {
    const loaded = await importFromProject(entry.packageName, projectFolders);
    if (loaded === undefined) {
      throw new MLOpsError(
        'NOT_FOUND',
        `${what} needs the package ${entry.packageName}, which is not installed in this project (looked up from ${projectFolders.join(', ')}). Install it: npm i ${entry.packageName}`,
      );
    }
    method = ownMethod();
    if (typeof method !== 'function') method = await findMethodOfProviderCore(entry.method, loaded.resolvedPath);
  }
  if (typeof method !== 'function') {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `${what}: the package ${entry.packageName} is installed but adds no builder method '${entry.method}'. Check the method's name in the package's README, and that it matches this @mlops-ts/core.`,
    );
  }
  try {
    (method as BuilderMethod).apply(builder, args);
  } catch (error) {
    if (!MLOpsError.isInstance(error)) throw error;
    // Say which part of the configuration the provider's complaint is about.
    throw new MLOpsError(error.code, `${what}: ${error.message}`, { cause: error, ...(error.providerId === undefined ? {} : { providerId: error.providerId }) });
  }
}

/**
 * The builder method a provider registered on the copy of @mlops-ts/core it imports itself,
 * when that is not this copy (a CLI installed apart from the project has its own). The method
 * only calls the builder's public methods, so it works on this copy's builder too.
 */
async function findMethodOfProviderCore(method: string, providerPath: string): Promise<unknown> {
  const core = await importFromProject<{ MLOpsBuilder?: { prototype: Record<string, unknown> } }>(corePackageName, [path.dirname(providerPath)]);
  return core?.module.MLOpsBuilder?.prototype[method];
}

/** Options that hold only the row's `stringOption` are passed as that string: `useSQLServer` takes a connection string but has no such option. */
function collapseOptions(entry: ConfigProvider, options: ProviderOptions | undefined): ProviderOptions | undefined {
  if (entry.stringOption === undefined || typeof options !== 'object') return options;
  const keys = Object.keys(options);
  const value = options[entry.stringOption];
  return keys.length === 1 && keys[0] === entry.stringOption && typeof value === 'string' ? value : options;
}

function describeSource(source: ConfigSource | undefined, configFile: string | undefined): string {
  if (source === undefined || source.origin === 'default') return 'the embedded default, as nothing configures it';
  if (source.origin === 'environment') return `the environment variable ${source.key}`;
  return `the key '${source.key}' in ${configFile ?? 'the config file'}`;
}
