/** Options of `ModelRepositoryV1.getDownloadUrl`. */
export interface DownloadUrlOptions {
  /**
   * How long the URL works, in seconds from now: a whole number of at least 1, and at most
   * the backend's maximum (S3 presigned URLs: 604 800, seven days). The core's callers
   * default it to 3600 (one hour); the repository receives it always set.
   */
  expiresInSeconds: number;
}
