// s3rver ships no types; this declares the part the tests use.
declare module 's3rver' {
  import type { Server } from 'node:http';
  import type { AddressInfo } from 'node:net';

  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    vhostBuckets?: boolean;
    configureBuckets?: { name: string; configs?: (string | Buffer)[] }[];
  }

  class S3rver {
    constructor(options?: S3rverOptions);
    /** The object store; its methods are replaced by `makeS3rverStoreAtomic`. */
    store: Record<string, (...args: never[]) => Promise<unknown>> & {
      getResourcePath(bucket: string, key: string | undefined, resource: string): string;
      rootDirectory: string;
    };
    httpServer: Server;
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
  }
  export default S3rver;
}
