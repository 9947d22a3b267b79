// The conformance kit fetches presigned URLs and checks that expired ones are refused. s3rver
// serves anonymous requests and does not verify Signature Version 4 (it does enforce
// X-Amz-Date + X-Amz-Expires), so these tests check what it cannot: the URL's signing
// parameters, the expiry it carries, and the seven-day limit.
import { Readable } from 'node:stream';
import { MLOpsBuilder } from '@mlops-ts/core';
import { expectMLOpsError } from '@mlops-ts/provider-tests';
import { afterEach, describe, expect, it } from 'vitest';
import '../src/index.js';
import type { S3ModelRepository } from '../src/index.js';
import { createTestRepository, s3rverCredentials, testRepositoryOptions } from './support/test-repository.js';

const sevenDaysInSeconds = 604_800;

const repositories: S3ModelRepository[] = [];
async function storedObject(key: string): Promise<S3ModelRepository> {
  const repository = createTestRepository();
  repositories.push(repository);
  await repository.connect();
  await repository.put(key, Readable.from([Buffer.from('onnx bytes')]));
  return repository;
}

afterEach(async () => {
  await Promise.all(repositories.splice(0).map((repository) => repository.close()));
});

/** Seconds since the epoch of an X-Amz-Date value such as '20260101T120000Z'. */
function amzDateSeconds(value: string): number {
  const [, year, month, day, hours, minutes, seconds] = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value)!;
  return Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hours), Number(minutes), Number(seconds)) / 1000;
}

describe('S3 presigned download URLs', () => {
  it('sign a GET of the object under the prefix with the repository credentials and region, for the expiry asked, needing no header', async () => {
    const repository = await storedObject('runs/r1/model (1).onnx');
    const before = Math.floor(Date.now() / 1000);
    const url = new URL(await repository.getDownloadUrl('runs/r1/model (1).onnx', { expiresInSeconds: 900 }));
    const query = url.searchParams;

    expect(url.origin).toBe(testRepositoryOptions().endpoint);
    expect(decodeURIComponent(url.pathname)).toBe(`/${repository.bucket}/${repository.prefix}runs/r1/model (1).onnx`);
    expect(query.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(query.get('X-Amz-Expires')).toBe('900');
    // Only the host is signed: curl or fetch need send nothing but the URL.
    expect(query.get('X-Amz-SignedHeaders')).toBe('host');
    expect(query.get('X-Amz-Credential')).toMatch(new RegExp(`^${s3rverCredentials.accessKeyId}/\\d{8}/us-east-1/s3/aws4_request$`));
    expect(query.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(amzDateSeconds(query.get('X-Amz-Date')!)).toBeGreaterThanOrEqual(before - 1);
    expect(amzDateSeconds(query.get('X-Amz-Date')!)).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
  });

  it('last at most seven days: 604800 seconds is signed, one more is INVALID_ARGUMENT naming the limit', async () => {
    const repository = await storedObject('runs/r1/model.onnx');
    const url = new URL(await repository.getDownloadUrl('runs/r1/model.onnx', { expiresInSeconds: sevenDaysInSeconds }));
    expect(url.searchParams.get('X-Amz-Expires')).toBe(String(sevenDaysInSeconds));
    await expectMLOpsError(repository.getDownloadUrl('runs/r1/model.onnx', { expiresInSeconds: sevenDaysInSeconds + 1 }), 'INVALID_ARGUMENT', {
      providerId: 's3',
      mentions: ['expiresInSeconds', String(sevenDaysInSeconds)],
    });
  });

  it('deployment.getDeployedModelUrl signs for one hour unless told otherwise', async () => {
    await using mlops = await new MLOpsBuilder({ captureRunContext: false }).useInMemoryMetadataStore().useS3ModelRepository(testRepositoryOptions()).build();
    const run = await mlops.lifecycle.createRun('iris');
    const artifact = await mlops.model.upload(run.id, Readable.from([Buffer.from('onnx bytes')]), { name: 'model.onnx' });
    const version = await mlops.model.registerModel('iris', artifact.id, 'ada');
    await mlops.deployment.createDeploymentTarget('Production');
    await mlops.deployment.deployModel('Production', version, 'ada');

    const byDefault = new URL(await mlops.deployment.getDeployedModelUrl('iris', 'Production'));
    expect(byDefault.searchParams.get('X-Amz-Expires')).toBe('3600');
    const forAWeek = new URL(await mlops.deployment.getDeployedModelUrl('iris', 'Production', { expiresInSeconds: sevenDaysInSeconds }));
    expect(forAWeek.searchParams.get('X-Amz-Expires')).toBe(String(sevenDaysInSeconds));
    // getDeploymentUri still names where the deployment lives.
    expect(await mlops.deployment.getDeploymentUri('iris', 'Production')).toMatch(/^s3:\/\//);
  });
});
