import { SqlMetadataStore } from '@mlops-ts/sql';
import { PostgresDatabase } from './postgres-database.js';
import { createPostgresDialect } from './postgres-dialect.js';
import { postgresProviderId } from './postgres-errors.js';
import { describePostgresTarget, resolvePostgresOptions, type PostgresOptions } from './postgres-options.js';

/**
 * A metadata store in PostgreSQL (over a `pg` pool), for teams whose training jobs run
 * on many machines. It runs the relational store of `@mlops-ts/sql` (schema, migrations,
 * queries, search compiled to SQL); connecting runs pending migrations, one process at a
 * time per schema. Metric batches go in one statement whatever their size. Each method
 * behaves as documented on `MetadataStoreV1`.
 *
 * @example
 * const store = new PostgresMetadataStore('postgres://mlops:secret@db:5432/mlops');
 * const mlops = await new MLOpsBuilder().useMetadataStore(store).build();
 */
export class PostgresMetadataStore extends SqlMetadataStore {
  /** Where the store keeps its data, for messages: database, host and port, schema (never the password). */
  readonly target: string;

  /** @throws MLOpsError INVALID_ARGUMENT for an empty connection string or schema name. */
  constructor(connectionStringOrOptions: string | PostgresOptions) {
    const options = resolvePostgresOptions(connectionStringOrOptions);
    const target = describePostgresTarget(options);
    const dialect = createPostgresDialect();
    super({
      providerId: postgresProviderId,
      dialect,
      storeLabel: `The PostgreSQL store for ${target}`,
      databaseLabel: `The PostgreSQL ${target}`,
      packageName: '@mlops-ts/postgres',
      builderMethod: 'usePostgres()',
      open: () => PostgresDatabase.open(options, target, dialect),
    });
    this.target = target;
  }
}
