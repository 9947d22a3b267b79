import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultProjectFolders, importFromProject } from './config/import-from-project.js';
import { MLOpsError } from './errors.js';
import { MLOpsContext, type MLOpsContextOptions } from './context.js';
import { validateModelSchemaReader, type ModelSchemaReader } from './catalogs/model-schema-readers.js';
import { moveFirstReleaseDeployments } from './catalogs/first-release-deployments.js';
import type { MetadataStoreV1 } from './spec/v1/metadata-store.js';
import type { ModelRepositoryV1 } from './spec/v1/model-repository.js';
import { LocalFileModelRepository, type LocalFileModelRepositoryOptions } from './repositories/local-file-model-repository.js';
import { InMemoryMetadataStore } from './stores/in-memory-metadata-store.js';
import { resolveRunContextOptions, type RunContextOptions } from './run-context/run-context-options.js';

const knownSpecificationVersions = ['v1'];

/** Options of `new MLOpsBuilder(options)`, handed to the context it builds. */
export type MLOpsBuilderOptions = Pick<MLOpsContextOptions, 'captureRunContext'>;

/** Where `build()` keeps metadata and models when nothing is configured. */
export const embeddedDefaultPaths = {
  database: path.join('mlops', 'mlops.db'),
  models: path.join('mlops', 'models'),
} as const;

/**
 * Configures where metadata and models live, then builds an `MLOpsContext`.
 *
 * Provider packages add `use…()` methods to this class when imported (see
 * `extendBuilder`). Each slot (metadata store, model repository) is configured once.
 *
 * @example
 * import { MLOpsBuilder } from '@mlops-ts/core';
 * import '@mlops-ts/sqlite';
 * await using mlops = await new MLOpsBuilder().useSQLite('mlops.db').useLocalFileModelRepository().build();
 */
export class MLOpsBuilder {
  #metadataStore: MetadataStoreV1 | undefined;
  #modelRepository: ModelRepositoryV1 | undefined;
  readonly #modelSchemaReaders: ModelSchemaReader[] = [];
  readonly #contextExtensions: ((context: MLOpsContext) => void | Promise<void>)[] = [];
  readonly #captureRunContext: RunContextOptions | false;

  /**
   * @param options `captureRunContext`: whether `createRun` records git, user, host, entry
   *   script and package dependencies (default true).
   * @throws MLOpsError INVALID_ARGUMENT for an option that is not valid.
   */
  constructor(options: MLOpsBuilderOptions = {}) {
    this.#captureRunContext = resolveRunContextOptions(options?.captureRunContext);
  }

  /** Uses `store` for experiments, runs, metrics and the registry. Throws if a store is already set. */
  useMetadataStore(store: MetadataStoreV1): this {
    checkSpecificationVersion('metadata store', store);
    if (this.#metadataStore) {
      throw new MLOpsError(
        'INVALID_ARGUMENT',
        `A metadata store ('${this.#metadataStore.providerId}') is already configured, so '${store.providerId}' cannot be added. Configure one metadata store per builder.`,
      );
    }
    this.#metadataStore = store;
    return this;
  }

  /** Uses `repository` for model files. Throws if a repository is already set. */
  useModelRepository(repository: ModelRepositoryV1): this {
    checkSpecificationVersion('model repository', repository);
    if (this.#modelRepository) {
      throw new MLOpsError(
        'INVALID_ARGUMENT',
        `A model repository ('${this.#modelRepository.providerId}') is already configured, so '${repository.providerId}' cannot be added. Configure one model repository per builder.`,
      );
    }
    this.#modelRepository = repository;
    return this;
  }

  /**
   * Makes this context's `model.upload` read the signature of the files `reader`
   * understands and record it as the run's model schema (a later reader wins for the same
   * files). Adding the same reader again changes nothing. Packages wrap this in sugar such
   * as `useOnnx()`.
   */
  useModelSchemaReader(reader: ModelSchemaReader): this {
    if (!this.#modelSchemaReaders.includes(validateModelSchemaReader(reader))) this.#modelSchemaReaders.push(reader);
    return this;
  }

  /**
   * Runs `extension` with the context `build()` makes, before `build()` returns it: how a
   * package's builder method (such as `useKubernetes()`) hands what it configured to the
   * catalog methods it adds. Extensions run in the order added; one that throws makes
   * `build()` close the context and throw.
   */
  useContextExtension(extension: (context: MLOpsContext) => void | Promise<void>): this {
    if (typeof extension !== 'function') {
      throw new MLOpsError('INVALID_ARGUMENT', `The context extension is ${typeof extension}, not a function. Pass a function that receives the built context.`);
    }
    this.#contextExtensions.push(extension);
    return this;
  }

  /** Keeps model files in a local (or mounted network) folder; default `./mlops/models`. */
  useLocalFileModelRepository(options: LocalFileModelRepositoryOptions | string = {}): this {
    return this.useModelRepository(new LocalFileModelRepository(typeof options === 'string' ? { rootDir: options } : options));
  }

  /** Keeps metadata in memory (lost on exit): for tests and notebooks. */
  useInMemoryMetadataStore(): this {
    return this.useMetadataStore(new InMemoryMetadataStore());
  }

  /**
   * Connects the providers (running migrations), moves deployed copies the first release
   * left under name-based keys (once per repository, see `moveFirstReleaseDeployments`),
   * and returns a ready context.
   * With no metadata store configured, uses SQLite at `./mlops/mlops.db` (needs
   * `@mlops-ts/sqlite` installed); with no repository, local files under `./mlops/models`.
   */
  async build(): Promise<MLOpsContext> {
    const metadataStore = this.#metadataStore ?? (await loadEmbeddedDefaultStore());
    const modelRepository = this.#modelRepository ?? new LocalFileModelRepository({ rootDir: embeddedDefaultPaths.models });
    try {
      await metadataStore.connect?.();
      await modelRepository.connect?.();
      await moveFirstReleaseDeployments(metadataStore, modelRepository);
    } catch (error) {
      await Promise.allSettled([metadataStore.close?.(), modelRepository.close?.()]);
      throw error;
    }
    const context = new MLOpsContext(metadataStore, modelRepository, { modelSchemaReaders: [...this.#modelSchemaReaders], captureRunContext: this.#captureRunContext });
    try {
      for (const extend of this.#contextExtensions) await extend(context);
    } catch (error) {
      await context.close();
      throw error;
    }
    return context;
  }
}

/**
 * Adds a method to `MLOpsBuilder.prototype`, the way a provider package registers its
 * `use…()` sugar. Pair it with a `declare module '@mlops-ts/core'` augmentation.
 * Throws if the name is taken, so two providers never silently replace each other.
 */
export function extendBuilder<Name extends keyof MLOpsBuilder>(
  name: Name,
  method: MLOpsBuilder[Name] & ((this: MLOpsBuilder, ...args: never[]) => MLOpsBuilder),
): void {
  const prototype = MLOpsBuilder.prototype as unknown as Record<string, unknown>;
  if (Object.prototype.hasOwnProperty.call(prototype, name)) {
    if (prototype[name] === method) return;
    throw new MLOpsError(
      'CONFLICT',
      `MLOpsBuilder already has a method named '${String(name)}'. Two packages register the same builder method: keep one, or give yours another name.`,
    );
  }
  Object.defineProperty(prototype, name, { value: method, writable: false, configurable: false, enumerable: false });
}

function checkSpecificationVersion(kind: string, provider: { specificationVersion?: unknown; providerId?: unknown }): void {
  if (typeof provider !== 'object' || provider === null) {
    throw new MLOpsError('INVALID_ARGUMENT', `The ${kind} is ${String(provider)}. Pass a provider object that implements the ${kind} interface.`);
  }
  if (!knownSpecificationVersions.includes(provider.specificationVersion as string)) {
    throw new MLOpsError(
      'UNSUPPORTED',
      `The ${kind} '${String(provider.providerId)}' implements specification '${String(provider.specificationVersion)}', which this @mlops-ts/core does not know (it knows ${knownSpecificationVersions.join(', ')}). Install versions of the provider and @mlops-ts/core that match.`,
      { providerId: typeof provider.providerId === 'string' ? provider.providerId : undefined },
    );
  }
}

/**
 * Loads `@mlops-ts/sqlite` only when the embedded default is needed, so that users of
 * other stores never install a native module. It is looked up from the working folder,
 * then from the application's entry script, then from the core's own location.
 */
async function loadEmbeddedDefaultStore(): Promise<MetadataStoreV1> {
  const specifier = '@mlops-ts/sqlite';
  const loaded = await importFromProject<{ SQLiteMetadataStore: new (options: { path: string }) => MetadataStoreV1 }>(specifier, [
    ...defaultProjectFolders(),
    path.dirname(fileURLToPath(import.meta.url)),
  ]);
  if (loaded) return new loaded.module.SQLiteMetadataStore({ path: embeddedDefaultPaths.database });
  throw new MLOpsError(
    'INVALID_ARGUMENT',
    `No metadata store is configured and the embedded default needs '${specifier}', which is not installed. Install it (npm install ${specifier}) or configure a store, e.g. new MLOpsBuilder().useInMemoryMetadataStore().`,
  );
}
