import type { MetadataStoreV1 } from '@mlops-ts/core';
import type { ModelRepositoryV1 } from '@mlops-ts/core';

/** The store and repository an archive is read from or written to: an `MLOpsContext`, or both by hand. */
export interface ArchiveContext {
  readonly metadataStore: MetadataStoreV1;
  readonly modelRepository: ModelRepositoryV1;
}

/** How far an export or import has come, for a progress bar. */
export interface ArchiveProgress {
  /** `records` while metadata is written or read, then `blobs`. */
  phase: 'records' | 'blobs';
  /** Records (lines) so far. */
  records: number;
  /** Blobs so far. */
  blobs: number;
  /** Bytes of blobs so far. */
  blobBytes: number;
  /** Bytes of all blobs, once known (an export knows it when it starts on the blobs; an import from the end marker only). */
  totalBlobBytes?: number;
}

/** Options of `exportStore` and `importStore`. */
export interface ArchiveOptions {
  /** Called every 1,000 records and as blob bytes pass (about every 64 KiB). */
  onProgress?: (progress: ArchiveProgress) => void;
}

/** What an export wrote or an import read. */
export interface ArchiveSummary {
  records: number;
  blobs: number;
  blobBytes: number;
}
