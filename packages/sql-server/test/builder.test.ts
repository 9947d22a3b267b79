import { MLOpsBuilder, MLOpsError } from '@mlops-ts/core';
import { describe, expect, it } from 'vitest';
import '../src/index.js';
import { SQLServerMetadataStore } from '../src/index.js';

describe('useSQLServer()', () => {
  it('configures the store from an Azure connection string without connecting, and names its target without the password', () => {
    const builder = new MLOpsBuilder().useSQLServer('Server=tcp:mlops.database.windows.net,1433;Initial Catalog=runs;User ID=u;Password=hunter2;Encrypt=True;');
    expect(builder).toBeInstanceOf(MLOpsBuilder);
    const store = new SQLServerMetadataStore('Server=tcp:mlops.database.windows.net,1433;Initial Catalog=runs;User ID=u;Password=hunter2;Encrypt=True;');
    expect(store.providerId).toBe('sql-server');
    expect(store.target).toBe("database 'runs' on 'mlops.database.windows.net:1433'");
    expect(store.target).not.toContain('hunter2');
  });

  it('rejects a configuration without a server with INVALID_ARGUMENT', () => {
    expect(() => new SQLServerMetadataStore({ server: '' })).toThrow(MLOpsError);
  });

  it('fails with UNAVAILABLE, naming host and port, when nothing listens there', async () => {
    const store = new SQLServerMetadataStore({ server: '127.0.0.1', port: 1, options: { encrypt: false }, connectionTimeout: 3_000 });
    const error = await store.connect().then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(MLOpsError.hasCode(error, 'UNAVAILABLE'), String(error)).toBe(true);
    expect((error as MLOpsError).message).toContain("'127.0.0.1:1'");
    await store.close();
  });
});
