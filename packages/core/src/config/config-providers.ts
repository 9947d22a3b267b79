import { embeddedDefaultPaths } from '../builder.js';

/** Which slot a provider fills: the metadata store, the model repository, or both (a tracking server). */
export type ProviderSlot = 'store' | 'repository' | 'tracking';

/** One row of the provider table: a name a configuration uses, and the builder method it calls. */
export interface ConfigProvider {
  /** The name in `"provider": "…"` and `MLOPS_STORE=…`. */
  readonly name: string;
  readonly slot: ProviderSlot;
  /** The package that adds `method` to the builder when imported (`@mlops-ts/core` for the built-in ones). */
  readonly packageName: string;
  /** The builder method called with the options. */
  readonly method: string;
  /** The option a string in place of the options stands for, if any. */
  readonly stringOption?: string;
  /** Options holding a file or folder path: a relative one in a config file is relative to the file's folder. */
  readonly pathOptions?: readonly string[];
  /** Options used when none are given (their paths resolved like the file's). */
  readonly defaultOptions?: Readonly<Record<string, unknown>>;
  /** False for a method that takes no options. */
  readonly takesOptions?: false;
}

export const corePackageName = '@mlops-ts/core';

/**
 * The providers a configuration names by `provider`, with the package and builder method
 * each stands for. Any other provider is named by `{ "package": …, "method": … }`.
 * Option names are the builder methods' own: see each package's README.
 */
export const configProviders: readonly ConfigProvider[] = [
  {
    name: 'sqlite',
    slot: 'store',
    packageName: '@mlops-ts/sqlite',
    method: 'useSQLite',
    stringOption: 'path',
    pathOptions: ['path'],
    defaultOptions: { path: embeddedDefaultPaths.database },
  },
  { name: 'postgres', slot: 'store', packageName: '@mlops-ts/postgres', method: 'usePostgres', stringOption: 'connectionString' },
  // mssql's configuration has no connection string option: `{ connectionString }` alone is passed as the string.
  { name: 'sql-server', slot: 'store', packageName: '@mlops-ts/sql-server', method: 'useSQLServer', stringOption: 'connectionString' },
  { name: 'cosmos', slot: 'store', packageName: '@mlops-ts/cosmos', method: 'useCosmosDb' },
  { name: 'memory', slot: 'store', packageName: corePackageName, method: 'useInMemoryMetadataStore', takesOptions: false },
  {
    name: 'local',
    slot: 'repository',
    packageName: corePackageName,
    method: 'useLocalFileModelRepository',
    stringOption: 'rootDir',
    pathOptions: ['rootDir'],
    defaultOptions: { rootDir: embeddedDefaultPaths.models },
  },
  { name: 's3', slot: 'repository', packageName: '@mlops-ts/s3', method: 'useS3ModelRepository' },
  { name: 'azure-blob', slot: 'repository', packageName: '@mlops-ts/azure-blob', method: 'useAzureBlobModelRepository', stringOption: 'connectionString' },
  { name: 'remote', slot: 'tracking', packageName: '@mlops-ts/remote', method: 'useRemoteTracking' },
];

/** The table's row of `name`, or undefined. */
export function findConfigProvider(name: string): ConfigProvider | undefined {
  return configProviders.find((provider) => provider.name === name);
}

/** The row a slot falls back to when nothing names one: the embedded default. */
export function defaultConfigProvider(slot: 'store' | 'repository'): ConfigProvider {
  return findConfigProvider(slot === 'store' ? 'sqlite' : 'local')!;
}

/** The names the table offers for `slot`, quoted, for messages. */
export function describeProviderNames(slot: ProviderSlot): string {
  return configProviders
    .filter((provider) => provider.slot === slot)
    .map((provider) => `'${provider.name}'`)
    .join(', ');
}

/** 'metadata store', 'model repository' or 'tracking server', for messages. */
export function describeSlot(slot: ProviderSlot): string {
  return slot === 'store' ? 'metadata store' : slot === 'repository' ? 'model repository' : 'tracking server';
}
