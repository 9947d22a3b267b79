import { MLOpsError } from '@mlops-ts/core';
import { expectNoSecretIn } from '@mlops-ts/provider-tests';
import { describe, expect, it } from 'vitest';

const secret = `it's "a" sec/ret`;

describe('expectNoSecretIn', () => {
  it('passes for a value that keeps its secret in a private field', () => {
    class Store {
      readonly target = "database 'mlops' on 'db:1433'";
      readonly #password = secret;
      password(): string {
        return this.#password;
      }
    }
    expectNoSecretIn(new Store(), secret, 'the store');
    expectNoSecretIn(new MLOpsError('UNAVAILABLE', "The SQL Server database 'mlops' on 'db:1433' cannot be reached."), secret);
  });

  it('finds the secret in a public property, a non-enumerable one, deep nesting, JSON and String()', () => {
    const deep = { a: { b: { c: { d: { e: { password: secret } } } } } };
    const hidden = Object.defineProperty({}, 'key', { value: secret, enumerable: false });
    const printed = { toString: () => `Server=db;Password=${secret}` };
    for (const value of [{ password: secret }, deep, hidden, printed, { toJSON: () => ({ url: `mssql://sa:${encodeURIComponent(secret)}@db` }) }]) {
      expect(() => expectNoSecretIn(value, secret), JSON.stringify(Object.keys(value))).toThrow(/shows the secret/);
    }
  });

  it("finds the secret in an error's message, its cause, and the cause's own properties", () => {
    const inMessage = new MLOpsError('INVALID_ARGUMENT', `Bad string 'Password=${secret}'.`);
    let urlError: unknown;
    try {
      new URL(`mssql://sa:${secret}@[bad`);
    } catch (error) {
      urlError = error;
    }
    const inCause = new MLOpsError('INVALID_ARGUMENT', 'The URL is not valid.', { cause: urlError });
    for (const error of [inMessage, inCause]) expect(() => expectNoSecretIn(error, secret)).toThrow(/shows the secret/);
  });

  it('finds a base64 secret kept decoded, as SDKs keep account keys', () => {
    const accountKey = Buffer.from('an account key of more than sixteen bytes').toString('base64');
    const decoded = Buffer.from(accountKey, 'base64');
    for (const value of [{ accountKey: decoded }, { accountKey: new Uint8Array(decoded) }]) {
      expect(() => expectNoSecretIn(value, accountKey)).toThrow(/shows the secret/);
    }
    expectNoSecretIn({ accountName: 'devstoreaccount1' }, accountKey);
  });

  it('refuses a secret too short to be told apart from chance', () => {
    expect(() => expectNoSecretIn({}, 'abc')).toThrow(/6 characters or more/);
  });
});
