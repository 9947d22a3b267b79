import { DataCatalog } from './catalogs/data-catalog.js';
import { DeploymentCatalog } from './catalogs/deployment-catalog.js';
import { EvaluationCatalog } from './catalogs/evaluation-catalog.js';
import { LifecycleCatalog } from './catalogs/lifecycle-catalog.js';
import { ModelCatalog } from './catalogs/model-catalog.js';
import type { ModelSchemaReader } from './catalogs/model-schema-readers.js';
import { TrainingCatalog } from './catalogs/training-catalog.js';
import type { MetadataStoreV1 } from './spec/v1/metadata-store.js';
import type { ModelRepositoryV1 } from './spec/v1/model-repository.js';
import { runContextCapturer } from './run-context/capture-run-context.js';
import { resolveRunContextOptions, type RunContextOptions } from './run-context/run-context-options.js';

/** What the builder adds to a context besides the providers. */
export interface MLOpsContextOptions {
  /** Readers of model schemas on upload (see `MLOpsBuilder.useModelSchemaReader`). */
  modelSchemaReaders?: readonly ModelSchemaReader[];
  /**
   * Whether `createRun` records where it runs: git commit, branch, dirty flag and remote,
   * user, host and entry script as reserved `mlops.*` tags (see `runContextTags`), the
   * commit as `gitCommit`, and the package dependencies. Default true; `false` records
   * nothing; an object tunes it.
   */
  captureRunContext?: boolean | RunContextOptions;
}

/**
 * The ready-to-use API, built by `MLOpsBuilder.build()`: catalogs named as in MLOps.NET
 * over one metadata store and one model repository.
 */
export class MLOpsContext {
  /** Experiments, runs, status, timing, best run, model schema, package dependencies. */
  readonly lifecycle: LifecycleCatalog;
  /** Hyper-parameters. */
  readonly training: TrainingCatalog;
  /** Metrics with history, confusion matrices. */
  readonly evaluation: EvaluationCatalog;
  /** Data sets: schema, row count, hash, distributions. */
  readonly data: DataCatalog;
  /** Run artifacts and the model registry. */
  readonly model: ModelCatalog;
  /** Deployment targets and deployments. */
  readonly deployment: DeploymentCatalog;
  #closed = false;

  constructor(
    /** The store behind the catalogs, for provider-specific needs. */
    readonly metadataStore: MetadataStoreV1,
    /** The repository behind the catalogs, for provider-specific needs. */
    readonly modelRepository: ModelRepositoryV1,
    /** What the builder added besides the providers. */
    options: MLOpsContextOptions = {},
  ) {
    const runContext = resolveRunContextOptions(options.captureRunContext);
    this.training = new TrainingCatalog(metadataStore);
    this.evaluation = new EvaluationCatalog(metadataStore);
    this.lifecycle = new LifecycleCatalog(
      metadataStore,
      modelRepository,
      (runId) => this.evaluation.logger(runId),
      runContext === false ? undefined : () => runContextCapturer.capture(runContext),
    );
    this.data = new DataCatalog(metadataStore);
    this.model = new ModelCatalog(metadataStore, modelRepository, options.modelSchemaReaders ?? []);
    this.deployment = new DeploymentCatalog(metadataStore, modelRepository);
  }

  /** Closes the store's and the repository's connections. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([this.metadataStore.close?.(), this.modelRepository.close?.()]);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
