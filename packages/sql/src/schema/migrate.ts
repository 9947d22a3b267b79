import { MLOpsError } from '@mlops-ts/core';
import type { SqlDatabase } from '../sql-database.js';
import { checkDialect, type SqlDialect } from '../sql-dialect.js';
import { SqlSession } from '../sql-session.js';
import { migrations as knownMigrations, type Migration } from './migrations.js';

/** Who is migrating, for error messages. */
export interface MigrationTarget {
  /** The provider id errors carry. */
  providerId: string;
  /** Names the database in messages, e.g. "The PostgreSQL database 'mlops' on 'db:5432'". */
  databaseLabel: string;
  /** The package whose schema this is, e.g. '@mlops-ts/postgres'. */
  packageName: string;
  /** The builder method to point elsewhere, e.g. 'usePostgres()'. */
  builderMethod: string;
}

/**
 * Brings the schema up to the newest known version. The version is read first without a
 * lock, so opening a current database stays cheap and never waits for writers. When
 * steps are pending, one write transaction takes the dialect's migration lock, reads the
 * version again (another process may have migrated meanwhile), applies each pending step
 * and records it in `schema_migrations`: several processes starting at once against an
 * empty or old database apply each step exactly once, and a failed step leaves nothing
 * half-done where the database has transactional DDL.
 *
 * @throws MLOpsError UNSUPPORTED when a newer version of the package created the schema.
 * @returns the versions this call applied (empty when the schema was current).
 */
export async function migrate(database: SqlDatabase, dialect: SqlDialect, target: MigrationTarget, migrations: readonly Migration[] = knownMigrations): Promise<number[]> {
  checkDialect(dialect);
  const newest = migrations.reduce((latest, migration) => Math.max(latest, migration.version), 0);
  const seen = await database.transaction('read', (executor) => readSchemaVersion(new SqlSession(executor, dialect, target.providerId)));
  if (seen > newest) throw newerSchemaError(target, seen, newest);
  if (seen === newest) return [];
  return database.transaction('write', async (executor) => {
    const session = new SqlSession(executor, dialect, target.providerId);
    if (!dialect.capabilities.writesSerialize) for (const sql of dialect.migrationLockSql!) await session.run(sql);
    const current = await readSchemaVersion(session);
    if (current > newest) throw newerSchemaError(target, current, newest);
    if (current === newest) return [];
    const t = dialect.types;
    await session.run(
      dialect.createTableIfMissing('schema_migrations', `version ${t.integer} PRIMARY KEY, name ${t.text} NOT NULL, applied_at ${t.integer} NOT NULL`),
    );
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (migration.version <= current) continue;
      for (const statement of migration.statements(dialect)) await session.run(statement);
      await migration.apply?.(session);
      await session.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [migration.version, migration.name, Date.now()]);
      applied.push(migration.version);
    }
    for (const statement of dialect.recordSchemaVersion(newest)) await session.run(statement);
    return applied;
  });
}

/** The schema version recorded in the database: 0 for an empty one. */
export async function readSchemaVersion(session: SqlSession): Promise<number> {
  if ((await session.arrays(session.dialect.tableExistsSql, ['schema_migrations'])).length === 0) return 0;
  const [row] = await session.arrays('SELECT MAX(version) FROM schema_migrations');
  return Number(row?.[0] ?? 0);
}

function newerSchemaError(target: MigrationTarget, found: number, newest: number): MLOpsError {
  return new MLOpsError(
    'UNSUPPORTED',
    `${target.databaseLabel} has schema version ${found}, newer than the ${newest} this ${target.packageName} understands. Upgrade ${target.packageName} to the version that wrote it, or point ${target.builderMethod} at another database.`,
    { providerId: target.providerId },
  );
}
