import { migrations } from '@mlops-ts/sql';
import { describe, expect, it } from 'vitest';
import { sqlServerMetricValueCodec } from './metric-value-columns.js';
import { sqlServerDialect as dialect } from './sql-server-dialect.js';

const metricColumns = [
  { name: 'run_id', type: 'nvarchar(64)' },
  { name: '"key"', type: 'nvarchar(450)' },
  { name: 'value', type: 'float' },
  { name: 'value_kind', type: 'tinyint' },
  { name: 'step', type: 'bigint' },
  { name: 'timestamp', type: 'bigint' },
];

describe('sqlServerDialect', () => {
  it('inserts if absent with a key-range lock held from the check to the insert', () => {
    expect(dialect.insertIfAbsent('experiments', ['id', 'name'], ['name'])).toBe(
      'INSERT INTO experiments (id, name) SELECT incoming.id, incoming.name FROM (SELECT ? AS id, ? AS name) AS incoming WHERE NOT EXISTS (SELECT 1 FROM experiments AS stored WITH (UPDLOCK, HOLDLOCK) WHERE stored.name = incoming.name)',
    );
  });

  it('upserts with MERGE … WITH (HOLDLOCK), updating only where the condition holds', () => {
    expect(dialect.upsert('t', ['a', 'b'], ['a'], ['b'], (incoming, stored) => `${incoming}.b > ${stored}.b`)).toBe(
      'MERGE INTO t WITH (HOLDLOCK) AS stored USING (SELECT ? AS a, ? AS b) AS incoming ON stored.a = incoming.a WHEN MATCHED AND (incoming.b > stored.b) THEN UPDATE SET b = incoming.b WHEN NOT MATCHED THEN INSERT (a, b) VALUES (incoming.a, incoming.b);',
    );
  });

  it('splits bulk inserts and upserts into requests of at most 2,000 parameters and 1,000 rows, keeping every value in order', () => {
    const count = 1_500;
    const values = metricColumns.map((column, index) => Array.from({ length: count }, (_, row) => `${column.name}-${row}-${index}`));
    for (const plans of [
      dialect.insertRows('metrics', metricColumns, values),
      dialect.upsertRows('latest_metrics', metricColumns, values, ['run_id', '"key"'], ['value', 'value_kind', 'step', 'timestamp']),
    ]) {
      const sent = plans.flatMap((plan) => {
        if (!('params' in plan)) throw new Error('expected one request per chunk');
        expect(plan.params.length).toBeLessThanOrEqual(2_000);
        expect((plan.sql.match(/\?/g) ?? []).length).toBe(plan.params.length);
        expect((plan.sql.match(/\(\?, \?, \?, \?, \?, \?\)/g) ?? []).length).toBeLessThanOrEqual(1_000);
        return [...plan.params];
      });
      expect(plans.length).toBe(Math.ceil(count / Math.floor(2_000 / metricColumns.length)));
      expect(sent).toEqual(Array.from({ length: count }, (_, row) => metricColumns.map((column, index) => `${column.name}-${row}-${index}`)).flat());
    }
    expect(dialect.upsertRows('latest_metrics', metricColumns, values, ['run_id', '"key"'], ['value'])[0]!.sql).toMatch(
      /^MERGE INTO latest_metrics WITH \(HOLDLOCK\) AS stored USING \(VALUES \(\?, .*\)\) AS incoming \(run_id, "key", value, value_kind, step, timestamp\) ON stored\.run_id = incoming\.run_id AND stored\."key" = incoming\."key" WHEN MATCHED THEN UPDATE SET value = incoming\.value WHEN NOT MATCHED THEN INSERT .*;$/,
    );
    expect(dialect.insertRows('metrics', metricColumns, metricColumns.map(() => []))).toEqual([]);
  });

  it('pages with OFFSET … FETCH, binding the offset first', () => {
    expect(dialect.limitOffset(100, 200)).toEqual({ sql: 'OFFSET ? ROWS FETCH NEXT ? ROWS ONLY', params: [200, 100] });
  });

  it('escapes [ in LIKE patterns (a character class in T-SQL) and lower-cases both sides for ILIKE', () => {
    expect(dialect.like('v.value', 'a[b]%\\_', false)).toEqual({ sql: "v.value LIKE ? ESCAPE '\\'", params: ['a\\[b]%\\_'] });
    expect(dialect.like('r.name', 'ZOË%', true)).toEqual({ sql: "LOWER(r.name) LIKE ? ESCAPE '\\'", params: ['zoë%'] });
  });

  it('takes the migration lock with sp_getapplock for the transaction, failing loudly on a timeout', () => {
    const [lock] = dialect.migrationLockSql ?? [];
    expect(lock).toContain("EXEC @result = sp_getapplock @Resource = @resource, @LockMode = N'Exclusive', @LockOwner = N'Transaction'");
    expect(lock).toContain('IF @result < 0 THROW 51000');
    expect(dialect.createTableIfMissing('schema_migrations', 'version bigint PRIMARY KEY')).toBe(
      "IF OBJECT_ID(N'schema_migrations', N'U') IS NULL CREATE TABLE schema_migrations (version bigint PRIMARY KEY)",
    );
  });

  it('drops the version-1 metrics index with the T-SQL form of DROP INDEX', () => {
    const statements = migrations.flatMap((migration) => migration.statements(dialect));
    expect(statements).toContain('DROP INDEX metrics_by_run_key_step ON metrics');
    expect(statements.some((sql) => sql.includes('INCLUDE (value, value_kind)'))).toBe(true);
  });
});

describe('sqlServerMetricValueCodec', () => {
  it('round-trips NaN, ±Infinity, -0 and finite doubles through value and value_kind', () => {
    const inputs = [0.5, -1e300, Number.MAX_VALUE, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0];
    const columns = [new Array<unknown>(inputs.length), new Array<unknown>(inputs.length)];
    inputs.forEach((value, index) => sqlServerMetricValueCodec.write(columns, 0, index, value));
    expect(columns[0]).toEqual([0.5, -1e300, Number.MAX_VALUE, null, null, null, 0, 0]);
    expect(columns[1]).toEqual([0, 0, 0, 1, 2, 3, 4, 0]);
    const read = inputs.map((_, index) => sqlServerMetricValueCodec.read([columns[0]![index], columns[1]![index]], 0));
    expect(read.map((value) => (Number.isNaN(value) ? 'NaN' : Object.is(value, -0) ? '-0' : value))).toEqual([0.5, -1e300, Number.MAX_VALUE, 'NaN', Infinity, -Infinity, '-0', 0]);
  });

  it('compares infinities as beyond every number and NaN as matching nothing', () => {
    expect(sqlServerMetricValueCodec.compare('v', '>', 0.5)).toEqual({ sql: '(v.value > ? OR v.value_kind = 2)', params: [0.5] });
    expect(sqlServerMetricValueCodec.compare('v', '<=', 0.5)).toEqual({ sql: '(v.value <= ? OR v.value_kind = 3)', params: [0.5] });
    expect(sqlServerMetricValueCodec.compare('v', '!=', 0.5)).toEqual({ sql: '(v.value <> ? OR v.value_kind IN (2, 3))', params: [0.5] });
    expect(sqlServerMetricValueCodec.compare('v', '=', 0.5)).toEqual({ sql: 'v.value = ?', params: [0.5] });
    expect(sqlServerMetricValueCodec.inList('v', [1, 2], true)).toEqual({ sql: '(v.value NOT IN (?, ?) OR v.value_kind IN (2, 3))', params: [1, 2] });
    expect(sqlServerMetricValueCodec.sortKeys('o0')).toEqual(['CASE o0.value_kind WHEN 3 THEN 0 WHEN 2 THEN 2 ELSE 1 END', 'o0.value']);
  });
});

describe('numberType', () => {
  it('binds whole doubles beyond 64-bit integers (Number.MAX_VALUE, 1e300) as FLOAT, safe integers as INT or BIGINT', async () => {
    const mssql = (await import('mssql')).default;
    const { numberType } = await import('./sql-server-database.js');
    expect(numberType(Number.MAX_VALUE)).toBe(mssql.Float);
    expect(numberType(1e300)).toBe(mssql.Float);
    expect(numberType(0.5)).toBe(mssql.Float);
    expect(numberType(2 ** 53 - 1)).toBe(mssql.BigInt);
    expect(numberType(1_700_000_000_000)).toBe(mssql.BigInt);
    expect(numberType(-7)).toBe(mssql.Int);
  });
});
