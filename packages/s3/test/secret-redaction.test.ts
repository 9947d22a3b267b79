import { Readable } from 'node:stream';
import { MLOpsBuilder } from '@mlops-ts/core';
import { closedPort, expectMLOpsError, expectNoSecretIn } from '@mlops-ts/provider-tests';
import { describe, it } from 'vitest';
import '../src/index.js';
import { S3ModelRepository } from '../src/index.js';
import { testRepositoryOptions } from './support/test-repository.js';

// s3rver checks the key id only, so any secret signs in with the id 'S3RVER'.
const secretAccessKey = 'wJalrXUtnFEMI/K7MDENG/only-in-these-tests';

describe('S3 secret access keys', () => {
  it('never show in a repository or the builder, before or after it is used', async () => {
    const repository = new S3ModelRepository(testRepositoryOptions({ credentials: { accessKeyId: 'S3RVER', secretAccessKey } }));
    expectNoSecretIn(repository, secretAccessKey, 'the repository');
    await repository.connect();
    await repository.put('model.bin', Readable.from([Buffer.from('weights')]));
    for await (const chunk of await repository.get('model.bin')) void chunk;
    expectNoSecretIn(repository, secretAccessKey, 'the repository after a round trip');
    await repository.close();
    const builder = new MLOpsBuilder().useS3ModelRepository('S3RVER', secretAccessKey, 'us-east-1', 'models');
    expectNoSecretIn(builder, secretAccessKey, "the builder with MLOps.NET's arguments");
  });

  it('never show in the errors of refused credentials or an unreachable endpoint', async () => {
    const refused = new S3ModelRepository(testRepositoryOptions({ credentials: { accessKeyId: 'WRONG-KEY', secretAccessKey } }));
    expectNoSecretIn(await expectMLOpsError(() => refused.connect(), 'PERMISSION_DENIED'), secretAccessKey, 'the refusal');
    expectNoSecretIn(await expectMLOpsError(() => refused.put('a.bin', Readable.from(['x'])), 'PERMISSION_DENIED'), secretAccessKey, 'the refused upload');
    await refused.close();
    const unreachable = new S3ModelRepository(
      testRepositoryOptions({ endpoint: `http://127.0.0.1:${await closedPort()}`, credentials: { accessKeyId: 'S3RVER', secretAccessKey }, maxAttempts: 1 }),
    );
    expectNoSecretIn(await expectMLOpsError(() => unreachable.connect(), 'UNAVAILABLE'), secretAccessKey, 'the connection error');
    await unreachable.close();
  });
});
