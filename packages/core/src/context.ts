import type { MetadataStoreV1 } from './spec/v1/metadata-store.js';
import type { ModelRepositoryV1 } from './spec/v1/model-repository.js';

/** The ready-to-use API: catalogs over one metadata store and one model repository. */
export class MLOpsContext {
  constructor(
    readonly metadataStore: MetadataStoreV1,
    readonly modelRepository: ModelRepositoryV1,
  ) {}

  /** Closes the store's and the repository's connections. */
  async close(): Promise<void> {
    await Promise.all([this.metadataStore.close?.(), this.modelRepository.close?.()]);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
