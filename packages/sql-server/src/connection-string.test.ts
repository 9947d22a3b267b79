import { MLOpsError } from '@mlops-ts/core';
import { describe, expect, it } from 'vitest';
import { parseSqlServerConnectionString } from './connection-string.js';
import { describeSqlServerTarget } from './sql-server-options.js';

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return MLOpsError.isInstance(error) ? error.code : 'not an MLOpsError';
  }
  return undefined;
}

describe('parseSqlServerConnectionString', () => {
  it('reads the ADO.NET string the Azure portal shows', () => {
    const config = parseSqlServerConnectionString(
      'Server=tcp:mlops-sql.database.windows.net,1433;Initial Catalog=mlops;Persist Security Info=False;User ID=trainer;Password=S3cret!;MultipleActiveResultSets=False;Encrypt=True;TrustServerCertificate=False;Connection Timeout=30;',
    );
    expect(config).toEqual({
      server: 'mlops-sql.database.windows.net',
      port: 1433,
      database: 'mlops',
      user: 'trainer',
      password: 'S3cret!',
      connectionTimeout: 30_000,
      options: { encrypt: true, trustServerCertificate: false },
    });
    expect(describeSqlServerTarget(config)).toBe("database 'mlops' on 'mlops-sql.database.windows.net:1433'");
  });

  it('reads the ODBC string, with {…} quoting, and the JDBC string', () => {
    const odbc = parseSqlServerConnectionString(
      'Driver={ODBC Driver 18 for SQL Server};Server=tcp:mlops-sql.database.windows.net,1433;Database=mlops;Uid=trainer;Pwd={pa;ss}}word};Encrypt=yes;TrustServerCertificate=no;Connection Timeout=30;',
    );
    expect(odbc).toMatchObject({ server: 'mlops-sql.database.windows.net', port: 1433, database: 'mlops', user: 'trainer', password: 'pa;ss}word', options: { encrypt: true, trustServerCertificate: false } });
    const jdbc = parseSqlServerConnectionString(
      'jdbc:sqlserver://mlops-sql.database.windows.net:1433;database=mlops;user=trainer@mlops-sql;password=S3cret!;encrypt=true;trustServerCertificate=false;hostNameInCertificate=*.database.windows.net;loginTimeout=30;',
    );
    expect(jdbc).toMatchObject({ server: 'mlops-sql.database.windows.net', port: 1433, database: 'mlops', user: 'trainer@mlops-sql', password: 'S3cret!', connectionTimeout: 30_000 });
  });

  it('reads mssql:// and sqlserver:// URLs with encoded credentials and options', () => {
    expect(parseSqlServerConnectionString('mssql://sa:p%40ss%3Bword@127.0.0.1:14333/mlops?encrypt=false&trustServerCertificate=true')).toEqual({
      server: '127.0.0.1',
      port: 14333,
      database: 'mlops',
      user: 'sa',
      password: 'p@ss;word',
      options: { encrypt: false, trustServerCertificate: true },
    });
    expect(parseSqlServerConnectionString('sqlserver://localhost/mlops')).toMatchObject({ server: 'localhost', database: 'mlops' });
  });

  it('reads quoted values, synonyms, named instances and local servers', () => {
    expect(parseSqlServerConnectionString(`Data Source=.\\SQLEXPRESS;Database=mlops;User Id='o''brien';Password="a;b""c";App=trainer`)).toEqual({
      server: 'localhost',
      database: 'mlops',
      user: "o'brien",
      password: 'a;b"c',
      options: { instanceName: 'SQLEXPRESS', appName: 'trainer' },
    });
    expect(parseSqlServerConnectionString('server=(local);database=x')).toMatchObject({ server: 'localhost' });
    expect(describeSqlServerTarget(parseSqlServerConnectionString('Server=db\\named;Database=x'))).toBe("database 'x' on 'db\\named'");
  });

  it('selects Entra ID with Authentication=Active Directory Default', () => {
    const config = parseSqlServerConnectionString('Server=tcp:x.database.windows.net,1433;Database=mlops;Authentication=Active Directory Default;Encrypt=True');
    expect(config.authentication).toEqual({ type: 'azure-active-directory-default', options: {} });
    expect(config.user).toBeUndefined();
  });

  it('refuses malformed strings, unknown keys and the portal placeholder with INVALID_ARGUMENT', () => {
    expect(codeOf(() => parseSqlServerConnectionString(''))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => parseSqlServerConnectionString('Server=x;Database'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => parseSqlServerConnectionString('Server=x;Colour=blue'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => parseSqlServerConnectionString("Server=x;Password='open"))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => parseSqlServerConnectionString('Server=tcp:x,1433;User ID=u;Password={your_password};'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => parseSqlServerConnectionString('Server=x,99999'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => parseSqlServerConnectionString('Server=np:\\\\.\\pipe\\sql\\query'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => parseSqlServerConnectionString('Database=mlops;User ID=u'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => parseSqlServerConnectionString('Server=x;Encrypt=maybe'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => parseSqlServerConnectionString('Server=x;Authentication=Active Directory Interactive'))).toBe('UNSUPPORTED');
  });

  it('never repeats a password in its error messages', () => {
    try {
      parseSqlServerConnectionString('mssql://sa:topsecret@[bad');
    } catch (error) {
      expect((error as Error).message).not.toContain('topsecret');
    }
    try {
      parseSqlServerConnectionString('Server=x;Password=topsecret;Bogus');
    } catch (error) {
      expect((error as Error).message).not.toContain('topsecret');
    }
  });
});
