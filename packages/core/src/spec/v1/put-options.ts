/** Progress of an upload. */
export interface TransferProgress {
  /** Bytes written so far. */
  bytes: number;
  /** Total bytes, when known in advance. */
  totalBytes?: number;
}

/** Options of `ModelRepositoryV1.put`. */
export interface PutOptions {
  /** Size of the body in bytes, when known (lets a backend choose upload strategy). */
  sizeBytes?: number;
  /** Called as bytes are written; at most a few times per second is enough. */
  onProgress?: (progress: TransferProgress) => void;
  /** Aborts the upload; nothing is left under the key. */
  signal?: AbortSignal;
}
