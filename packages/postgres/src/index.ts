import { extendBuilder, type MLOpsBuilder } from '@mlops-ts/core';
import { PostgresMetadataStore } from './postgres-metadata-store.js';
import type { PostgresOptions } from './postgres-options.js';

export { PostgresMetadataStore } from './postgres-metadata-store.js';
export type { PostgresOptions } from './postgres-options.js';

declare module '@mlops-ts/core' {
  interface MLOpsBuilder {
    /**
     * Keeps metadata in PostgreSQL. Pass a connection string
     * (`postgres://user:password@host:5432/database?sslmode=require`) or `pg` pool options
     * plus an optional `schema`. Tables are created (and migrated) on `build()`.
     *
     * @example
     * import { MLOpsBuilder } from '@mlops-ts/core';
     * import '@mlops-ts/postgres';
     * await using mlops = await new MLOpsBuilder().usePostgres(process.env.DATABASE_URL!).useLocalFileModelRepository().build();
     */
    usePostgres(connectionStringOrOptions: string | PostgresOptions): this;
  }
}

extendBuilder('usePostgres', function usePostgres(this: MLOpsBuilder, connectionStringOrOptions: string | PostgresOptions) {
  return this.useMetadataStore(new PostgresMetadataStore(connectionStringOrOptions));
});
