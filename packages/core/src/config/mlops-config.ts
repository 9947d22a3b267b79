import type { RunContextOptions } from '../run-context/run-context-options.js';

/**
 * What a provider's builder method is called with: an options object, or a string that
 * stands for its main option (a file path for `sqlite` and `local`, a connection string for
 * `postgres`, `sql-server` and `azure-blob`). A resolved configuration always holds objects.
 */
export type ProviderOptions = Record<string, unknown> | string;

/** A store or repository named in the provider table (`configProviders`), such as `sqlite` or `s3`. */
export interface NamedProviderConfig {
  /** The provider's name: `sqlite`, `postgres`, `sql-server`, `cosmos`, `memory` (stores), `local`, `s3`, `azure-blob` (repositories). */
  provider: string;
  /** Passed to the provider's builder method (see `configProviders` for which). */
  options?: ProviderOptions;
}

/** A store or repository from any package: `method` of the builder, added by `package`, is called with `options`. */
export interface PackageProviderConfig {
  /** The npm package that adds the builder method when imported, such as `@acme/mlops-redis`. */
  package: string;
  /** The builder method it adds, such as `useRedis`. */
  method: string;
  /** Passed to the builder method as its only argument. */
  options?: ProviderOptions;
}

/** A metadata store or a model repository. */
export type ProviderConfig = NamedProviderConfig | PackageProviderConfig;

/** A tracking server that serves both the metadata store and the model repository (`@mlops-ts/remote`). */
export interface TrackingConfig {
  /** The server's URL, such as `https://mlops.example.com`. */
  uri: string;
  /** Passed to `useRemoteTracking(uri, options)`, such as `{ token }`. */
  options?: Record<string, unknown>;
}

/**
 * The configuration of `mlops.config.json` (or the default export of `mlops.config.js`,
 * `.mjs` or `.ts`). Every key is optional: what is left out falls back to the environment
 * variables, then to the embedded default (SQLite at `mlops/mlops.db` and files under
 * `mlops/models`, beside the config file).
 *
 * @example
 * { "store": { "provider": "postgres", "options": { "connectionString": "${DATABASE_URL}" } },
 *   "repository": { "provider": "s3", "options": { "bucket": "models", "region": "eu-west-1" } } }
 */
export interface MLOpsConfig {
  /** Where experiments, runs, metrics and the registry are kept. Not with `tracking`. */
  store?: ProviderConfig;
  /** Where model files are kept. Not with `tracking`. */
  repository?: ProviderConfig;
  /** A tracking server serving both, in place of `store` and `repository`. */
  tracking?: TrackingConfig;
  /** `MLOpsBuilder`'s option of that name: what `createRun` records about where it runs. Default true. */
  captureRunContext?: boolean | RunContextOptions;
}

/** The sections of `MLOpsConfig`. */
export type ConfigSection = keyof MLOpsConfig;

/** Where a section of the resolved configuration was named. */
export interface ConfigSource {
  /** In the config file, by an environment variable, or the embedded default. */
  origin: 'file' | 'environment' | 'default';
  /** The file's key (`store.provider`), the variable (`MLOPS_STORE`), or `default`. */
  key: string;
}

/** What `resolveConfig` returns: the configuration to build from, and where it came from. */
export interface ResolvedMLOpsConfig {
  /**
   * The configuration after environment variables and `${VAR}` references, validated. Either
   * `tracking`, or both `store` and `repository` (the embedded default filling a slot left
   * empty); provider options are objects, and relative paths of `sqlite` and `local` are absolute.
   */
  config: MLOpsConfig;
  /** The config file read (absolute), or undefined when none was found. */
  configFile: string | undefined;
  /** Where relative paths in the file were resolved from: the config file's folder, else the working folder. */
  baseDirectory: string;
  /** Where each section present in `config` was named. */
  sources: Partial<Record<ConfigSection, ConfigSource>>;
  /** The `MLOPS_*` environment variables that took part, sorted (names only: values may be secrets). */
  environmentVariables: string[];
}

/** Options of `resolveConfig` and `loadContext`. */
export interface ResolveConfigOptions {
  /**
   * The config file to read, absolute or relative to `cwd`. Default: `MLOPS_CONFIG`, else the
   * first `mlops.config.*` found in `cwd` or a folder above it, up to the git repository's
   * root (the folder holding `.git`) or the file system's root.
   */
  configPath?: string;
  /** The working folder: where the search starts and what relative paths in environment variables are relative to. Default `process.cwd()`. */
  cwd?: string;
  /** The environment variables to read. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}
