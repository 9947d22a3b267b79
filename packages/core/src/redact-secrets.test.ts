import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSecretSettingName, redactSecrets } from './redact-secrets.js';

// Secrets are drawn from Greek letters (absent from the rest of each text) and the characters
// that end values in connection strings and URLs, so any fragment left behind shows up.
const secretLetters = 'αβγδεζηθικλμνξοπρστυφχψω';
const secretCharacters = fc.constantFrom(...secretLetters, ...secretLetters, ';', '{', '}', "'", '"', '@', '=', '&', ':', '/', ' ', '%');
const secret = fc.string({ unit: secretCharacters, minLength: 1, maxLength: 24 }).map((text) => `α${text}`);
const leftover = (text: string) => [...text].filter((character) => secretLetters.includes(character)).join('');

describe('redactSecrets', () => {
  it('masks an ADO.NET password whose unquoted value runs on past a ";", and keeps the other settings', () => {
    const redacted = redactSecrets('Server=tcp:db,1433;Password=top;secret;Database=mlops;Encrypt=True');
    expect(redacted).not.toMatch(/top|secret/);
    expect(redacted).toContain('Server=tcp:db,1433');
    expect(redacted).toContain('Database=mlops;Encrypt=True');
  });

  it("masks {…}, '…' and \"…\" quoted values, doubled quotes included", () => {
    const redacted = redactSecrets(`Driver={ODBC Driver 18};Pwd={pa;ss}}word};Encrypt=yes; password='it''s;x'; PWD="a;b""c"`);
    expect(redacted).toBe('Driver={ODBC Driver 18};Pwd=***;Encrypt=yes; password=***; PWD=***');
  });

  it('masks the password of a URL up to the last "@" before the host', () => {
    const redacted = redactSecrets("connect to 'mssql://sa:p@ss@db.example.com:1433/mlops' failed");
    expect(redacted).toBe("connect to 'mssql://sa:***@db.example.com:1433/mlops' failed");
  });

  it('masks account keys and SAS signatures of Azure connection strings and URLs', () => {
    const key = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
    const redacted = redactSecrets(
      `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${key};EndpointSuffix=core.windows.net and https://acct.blob.core.windows.net/c?sv=2022-11-02&sig=abc%2Bdef%3D&se=2030 and SharedAccessSignature=sv=2022&sig=xyz123`,
    );
    expect(redacted).not.toContain(key.slice(0, 20));
    expect(redacted).not.toMatch(/abc%2B|xyz123/);
    expect(redacted).toContain('AccountName=acct');
    expect(redacted).toContain('EndpointSuffix=core.windows.net');
    expect(redacted).toContain('sv=2022-11-02');
  });

  it('masks secret members of JSON text', () => {
    const redacted = redactSecrets('{"user":"sa","password":"a\\"b","secretAccessKey":"wJalrXUt","databaseId":"mlops"}');
    expect(redacted).toBe('{"user":"sa","password":"***","secretAccessKey":"***","databaseId":"mlops"}');
  });

  it('masks the secrets it is given wherever they appear, URL-encoded too', () => {
    const redacted = redactSecrets('login failed for p@ss word (sent p%40ss%20word)', ['p@ss word']);
    expect(redacted).toBe('login failed for *** (sent ***)');
  });

  it('leaves text without secrets as it is', () => {
    const text = "database 'mlops' on 'db.example.com:1433', key 'runs/x/model.onnx', partitionKey=run-1";
    expect(redactSecrets(text)).toBe(text);
  });

  it('masks any password in ODBC braces, URL userinfo (encoded or not) and JSON', () => {
    fc.assert(
      fc.property(secret, (password) => {
        const odbc = `Driver={ODBC Driver 18 for SQL Server};Server=tcp:db,1433;Pwd={${password.replaceAll('}', '}}')}};Encrypt=yes`;
        expect(redactSecrets(odbc)).toBe('Driver={ODBC Driver 18 for SQL Server};Server=tcp:db,1433;Pwd=***;Encrypt=yes');
        expect(redactSecrets(`mssql://sa:${encodeURIComponent(password)}@db:1433/mlops`)).toBe('mssql://sa:***@db:1433/mlops');
        expect(redactSecrets(`postgres://sa:${password.replace(/[\s/]/g, '')}@db:5432/mlops`)).toBe('postgres://sa:***@db:5432/mlops');
        expect(redactSecrets(JSON.stringify({ user: 'sa', password }))).toBe('{"user":"sa","password":"***"}');
      }),
    );
  });

  it('leaves nothing of a secret it is given (3 characters or more), whatever surrounds it', () => {
    fc.assert(
      fc.property(secret.filter((password) => password.length >= 3), fc.string(), (password, context) => {
        expect(leftover(redactSecrets(`${context}${password}${context}`, [password]))).toBe('');
      }),
    );
  });
});

describe('isSecretSettingName', () => {
  it('knows the names secrets go by in connection strings, URLs and options', () => {
    for (const name of ['Password', 'PWD', 'AccountKey', 'SharedAccessSignature', 'sig', 'secretAccessKey', 'aws_secret_access_key', 'Client Secret', 'token', 'key']) {
      expect(isSecretSettingName(name), name).toBe(true);
    }
    for (const name of ['User ID', 'AccountName', 'accessKeyId', 'partitionKey', 'Database', 'sv']) expect(isSecretSettingName(name), name).toBe(false);
  });
});
