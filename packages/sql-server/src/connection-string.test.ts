import { expectMLOpsError, expectNoSecretIn } from '@mlops-ts/provider-tests';
import { describe, expect, it } from 'vitest';
import { parseSqlServerConnectionString } from './connection-string.js';
import { describeSqlServerTarget } from './sql-server-options.js';

/** Parses, expecting an MLOpsError of `code` whose message, inspect and JSON never show `secret`. */
async function expectRefusal(connectionString: string, code: 'INVALID_ARGUMENT' | 'UNSUPPORTED', secret?: string) {
  const error = await expectMLOpsError(async () => parseSqlServerConnectionString(connectionString), code, { providerId: 'sql-server' });
  if (secret !== undefined) expectNoSecretIn(error, secret, `the error for ${JSON.stringify(connectionString)}`);
  return error;
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
      pool: {},
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

  it('reads {…} quoting in JDBC strings and in ADO.NET strings without a Driver', () => {
    expect(parseSqlServerConnectionString('jdbc:sqlserver://db\\named;databaseName=mlops;user=sa;password={pa;ss}};word}')).toMatchObject({
      server: 'db',
      database: 'mlops',
      user: 'sa',
      password: 'pa;ss};word',
      options: { instanceName: 'named' },
    });
    expect(parseSqlServerConnectionString('Server=db;Database=mlops;User ID=sa;Pwd={pa;ss}}word}')).toMatchObject({ server: 'db', password: 'pa;ss}word' });
  });

  it('reads mssql:// and sqlserver:// URLs with encoded credentials and options', () => {
    expect(parseSqlServerConnectionString('mssql://sa:p%40ss%3Bword@127.0.0.1:14333/mlops?encrypt=false&trustServerCertificate=true')).toEqual({
      server: '127.0.0.1',
      port: 14333,
      database: 'mlops',
      user: 'sa',
      password: 'p@ss;word',
      options: { encrypt: false, trustServerCertificate: true },
      pool: {},
    });
    expect(parseSqlServerConnectionString('sqlserver://localhost/mlops')).toMatchObject({ server: 'localhost', database: 'mlops' });
    expect(parseSqlServerConnectionString('mssql://sa:p@ss@db.example.com/mlops')).toMatchObject({ server: 'db.example.com', user: 'sa', password: 'p@ss' });
  });

  it('reads quoted values, synonyms, named instances and local servers', () => {
    expect(parseSqlServerConnectionString(`Data Source=.\\SQLEXPRESS;Database=mlops;User Id='o''brien';Password="a;b""c";App=trainer;Command Timeout=60`)).toEqual({
      server: 'localhost',
      port: 1433,
      database: 'mlops',
      user: "o'brien",
      password: 'a;b"c',
      requestTimeout: 60_000,
      options: { instanceName: 'SQLEXPRESS', appName: 'trainer' },
      pool: {},
    });
    expect(parseSqlServerConnectionString('server=(local);database=x')).toMatchObject({ server: 'localhost' });
    expect(parseSqlServerConnectionString('Server=db;Trust Server Certificate=true;Max Pool Size=20')).toMatchObject({ options: { trustServerCertificate: true }, pool: { max: 20 } });
    expect(describeSqlServerTarget(parseSqlServerConnectionString('Server=db\\named;Database=x'))).toBe("database 'x' on 'db\\named'");
  });

  it('selects Entra ID with Authentication=Active Directory Default', () => {
    const config = parseSqlServerConnectionString('Server=tcp:x.database.windows.net,1433;Database=mlops;Authentication=Active Directory Default;Encrypt=True');
    expect(config.authentication).toEqual({ type: 'azure-active-directory-default', options: {} });
    expect(config.user).toBeUndefined();
    expect(parseSqlServerConnectionString('jdbc:sqlserver://x.database.windows.net:1433;authentication=ActiveDirectoryDefault').authentication?.type).toBe('azure-active-directory-default');
  });

  it('refuses malformed strings, unknown keys and the portal placeholder with INVALID_ARGUMENT', async () => {
    for (const text of [
      '',
      'Server=x;Database',
      'Server=x;Colour=blue',
      "Server=x;Password='open",
      'Server=x;Password={open',
      'Server=tcp:x,1433;User ID=u;Password={your_password};',
      'Server=x,99999',
      'Server=x,abc',
      'Server=np:\\\\.\\pipe\\sql\\query',
      'Server=localhost:1433',
      'Database=mlops;User ID=u',
      'Server=x;Encrypt=maybe',
      'Server=x;Connection Timeout=soon',
      'jdbc:sqlserver://x:port;database=mlops',
      'mssql://sa:pw@[bad/mlops',
      'mssql://sa:pw@db/mlops?colour=blue',
    ]) {
      await expectRefusal(text, 'INVALID_ARGUMENT');
    }
    await expectRefusal('Server=x;Authentication=Active Directory Interactive', 'UNSUPPORTED');
    await expectRefusal('Server=x;Integrated Security=SSPI', 'UNSUPPORTED');
  });

  it('names an unknown key, and the setting to fix, in its message', async () => {
    expect((await expectRefusal('Server=x;Colour=blue', 'INVALID_ARGUMENT')).message).toMatch(/'colour'/i);
    expect((await expectRefusal('Server=x;Database', 'INVALID_ARGUMENT')).message).toMatch(/after 'server'/i);
  });

  it('never shows the password in its errors, in any form, even when a value runs past an unquoted ";"', async () => {
    const cases: [connectionString: string, secret: string][] = [
      // The text after an unquoted ';' of a password: a trailing fragment, or one read as an unknown key.
      ['Server=x;Password=top;secret-tail', 'secret-tail'],
      ['Server=x;Password=top;secret-tail;Database=mlops', 'secret-tail'],
      ['Server=x;Password=top;secret tail=and more;Database=mlops', 'secret tail'],
      ['Server=x;User ID=sa;Password=topsecret;Colour=blue', 'topsecret'],
      ['Server=x;Password=topsecret;Bogus', 'topsecret'],
      ["Server=x;Password='topsecret", 'topsecret'],
      ['Server=x;Pwd={topsecret;Encrypt=maybe', 'topsecret'],
      ['Server=x;Password=topsecret;Encrypt=maybe', 'topsecret'],
      ['Server=x;Password={top;secret};Authentication=Active Directory Interactive', 'top;secret'],
      ['Driver={ODBC Driver 18 for SQL Server};Server=x;Pwd={top;secret};Colour=blue', 'top;secret'],
      ['jdbc:sqlserver://x:1433;user=sa;password=top;secret-tail;colour=blue', 'secret-tail'],
      ['jdbc:sqlserver://x:1433;user=sa;password={top;secret};colour=blue', 'top;secret'],
      ['jdbc:sqlserver://sa:topsecret@x:1433;database=mlops', 'topsecret'],
      // URLs: the '@' of a password, invalid URLs (whose native error repeats the input), bad escapes.
      ['mssql://sa:top@secret@[bad/mlops', 'top@secret'],
      ['mssql://sa:topsecret@[bad', 'topsecret'],
      ['mssql://sa:top%ZZsecret@db/mlops', 'top%ZZsecret'],
      ['mssql://sa:top@secret@db/mlops?colour=blue', 'top@secret'],
      ['sqlserver://sa:topsecret@db:99999/mlops', 'topsecret'],
    ];
    for (const [connectionString, secret] of cases) {
      const error = await expectMLOpsError(async () => parseSqlServerConnectionString(connectionString), 'INVALID_ARGUMENT').catch(async () =>
        expectMLOpsError(async () => parseSqlServerConnectionString(connectionString), 'UNSUPPORTED'),
      );
      expectNoSecretIn(error, secret, `the error for ${JSON.stringify(connectionString)}`);
    }
  });
});
