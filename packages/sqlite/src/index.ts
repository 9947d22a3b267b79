import { embeddedDefaultPaths, extendBuilder, MLOpsBuilder } from '@mlops-ts/core';
import { SQLiteMetadataStore } from './sqlite-metadata-store.js';
import type { SQLiteOptions } from './sqlite-options.js';

export { SQLiteMetadataStore } from './sqlite-metadata-store.js';
export type { SQLiteOptions } from './sqlite-options.js';

declare module '@mlops-ts/core' {
  interface MLOpsBuilder {
    /**
     * Keeps metadata in a SQLite file (default `./mlops/mlops.db`; its folder is created
     * if missing). Pass a path, ':memory:', or `{ path, busyTimeoutMs }`.
     *
     * @example
     * import { MLOpsBuilder } from '@mlops-ts/core';
     * import '@mlops-ts/sqlite';
     * await using mlops = await new MLOpsBuilder().useSQLite('mlops/mlops.db').build();
     */
    useSQLite(pathOrOptions?: string | SQLiteOptions): this;
  }
}

extendBuilder('useSQLite', function useSQLite(this: MLOpsBuilder, pathOrOptions?: string | SQLiteOptions) {
  const options = typeof pathOrOptions === 'string' ? { path: pathOrOptions } : { ...pathOrOptions, path: pathOrOptions?.path ?? embeddedDefaultPaths.database };
  return this.useMetadataStore(new SQLiteMetadataStore(options));
});
