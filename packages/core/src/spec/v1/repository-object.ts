/** One object listed by a model repository. */
export interface RepositoryObject {
  /** The key, relative to the repository's root or prefix. */
  key: string;
  /** Size in bytes. */
  sizeBytes: number;
  /** Last modification, epoch milliseconds, when the backend knows it. */
  lastModified?: number;
}
