import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { ModelRepositoryV1 } from '@mlops-ts/core';
import { expect, vi, type TestContext } from 'vitest';
import type { ConcernSuite, SuiteKit } from '../harness.js';
import { expectMLOpsError, patternBytes, sha256, streamOf } from '../helpers.js';

type DownloadUrlRepository = ModelRepositoryV1 & Required<Pick<ModelRepositoryV1, 'getDownloadUrl'>>;

/** Expiries no backend accepts: not a whole number of seconds of at least 1. */
const invalidExpiries: unknown[] = [0, -60, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '3600', undefined];

/** How far back the clock is set while signing a URL that has expired by the time it is used. */
const signedAgoMs = 5 * 60 * 1000;

/**
 * What a plain HTTP client gets from the URL: fetch without any credentials, or the file
 * itself for a `file://` URL (fetch does not read files).
 */
async function readUrl(url: string): Promise<{ ok: boolean; status: number; bytes: Buffer }> {
  const parsed = new URL(url);
  if (parsed.protocol === 'file:') {
    return { ok: true, status: 200, bytes: await fs.readFile(fileURLToPath(parsed)) };
  }
  const response = await fetch(url, { redirect: 'follow' });
  return { ok: response.ok, status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** The repository when it offers download URLs; otherwise the test is skipped, saying so. */
function withDownloadUrls(kit: SuiteKit, context: TestContext): DownloadUrlRepository {
  const { repository } = kit;
  if (typeof repository.getDownloadUrl !== 'function') {
    context.skip(`the '${repository.providerId}' repository has no getDownloadUrl (optional); the UNSUPPORTED test covers it`);
  }
  return repository as DownloadUrlRepository;
}

/** Uploads, registers and deploys `bytes` through the public API to the target 'Production'. */
async function deploy(kit: SuiteKit, experiment: string, bytes: Buffer): Promise<void> {
  const run = await kit.mlops.lifecycle.createRun(experiment);
  const artifact = await kit.mlops.model.upload(run.id, bytes, { name: 'model.onnx' });
  const registered = await kit.mlops.model.registerModel(experiment, artifact.id, 'ada');
  await kit.mlops.deployment.createDeploymentTarget('Production');
  await kit.mlops.deployment.deployModel('Production', registered, 'ada');
}

/**
 * The optional `getDownloadUrl` capability and `deployment.getDeployedModelUrl` on top of
 * it: URLs a plain HTTP client can read without credentials until they expire. A
 * repository without the capability is checked for UNSUPPORTED through the API instead.
 */
export const downloadUrlSuite: ConcernSuite = (kit) => {
  kit.test('getDownloadUrl gives a URL from which a plain HTTP client, without credentials, reads the stored bytes', async (context) => {
    const repository = withDownloadUrls(kit, context);
    const keys = [`runs/${randomUUID()}/model.onnx`, `runs/${randomUUID()}/日本/ü 🚀/model (final)+%20&x=1.bin`];
    for (const [index, key] of keys.entries()) {
      const bytes = patternBytes(200_000 + index, index + 7);
      await repository.put(key, streamOf(bytes), { sizeBytes: bytes.length });
      const url = await repository.getDownloadUrl(key, { expiresInSeconds: 300 });
      const fetched = await readUrl(url);
      expect(fetched.status, `GET ${url}`).toBe(200);
      expect(sha256(fetched.bytes), `the bytes read from the URL of '${key}'`).toBe(sha256(bytes));
    }
  });

  kit.test('getDownloadUrl of a key that holds no object is NOT_FOUND, and signs nothing', async (context) => {
    const repository = withDownloadUrls(kit, context);
    await expectMLOpsError(repository.getDownloadUrl(`runs/${randomUUID()}/missing.onnx`, { expiresInSeconds: 60 }), 'NOT_FOUND', {
      providerId: repository.providerId,
    });
  });

  kit.test('getDownloadUrl refuses an expiry that is not a whole number of seconds of at least 1 (INVALID_ARGUMENT)', async (context) => {
    const repository = withDownloadUrls(kit, context);
    const key = `runs/${randomUUID()}/model.onnx`;
    await repository.put(key, streamOf(Buffer.from('model')));
    for (const expiresInSeconds of invalidExpiries) {
      await expectMLOpsError(repository.getDownloadUrl(key, { expiresInSeconds: expiresInSeconds as number }), 'INVALID_ARGUMENT', {
        mentions: ['expiresInSeconds'],
      });
    }
  });

  kit.test(
    'a download URL is refused once it has expired',
    async (context) => {
      const repository = withDownloadUrls(kit, context);
      const key = `runs/${randomUUID()}/model.onnx`;
      await repository.put(key, streamOf(Buffer.from('expiring model')));
      // Signed as if five minutes ago, valid for one: expired when used, with no waiting.
      // Five minutes stays inside the clock skew services accept on the signing calls.
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() - signedAgoMs });
      let url: string;
      try {
        url = await repository.getDownloadUrl(key, { expiresInSeconds: 60 });
      } finally {
        vi.useRealTimers();
      }
      if (new URL(url).protocol === 'file:') context.skip('file:// URLs do not expire: reading them takes the folder permissions instead');
      const fetched = await readUrl(url);
      expect(fetched.ok, `GET ${url} answered ${fetched.status}`).toBe(false);
      expect(fetched.status).toBeGreaterThanOrEqual(400);
      expect(fetched.status).toBeLessThan(500);
    },
    { capability: 'download-url-expiry' },
  );

  kit.test('deployment.getDeployedModelUrl gives a URL of the deployed model, with the default expiry or a given one, that a plain HTTP client reads', async (context) => {
    withDownloadUrls(kit, context);
    const bytes = patternBytes(120_000, 42);
    await deploy(kit, 'iris ü', bytes);
    for (const url of [
      await kit.mlops.deployment.getDeployedModelUrl('iris ü', 'Production'),
      await kit.mlops.deployment.getDeployedModelUrl('iris ü', 'Production', { expiresInSeconds: 120 }),
    ]) {
      const fetched = await readUrl(url);
      expect(fetched.status, `GET ${url}`).toBe(200);
      expect(sha256(fetched.bytes)).toBe(sha256(bytes));
    }
  });

  kit.test('deployment.getDeployedModelUrl takes the registered model by name or id, and an experiment by name or id where a registered model carries its name', async (context) => {
    withDownloadUrls(kit, context);
    const tuned = patternBytes(30_000, 5);
    const tuning = await kit.mlops.lifecycle.createRun('iris-tuning');
    const artifact = await kit.mlops.model.upload(tuning.id, tuned, { name: 'model.onnx' });
    const version = await kit.mlops.model.registerModel('iris-tuning', artifact.id, 'ada', { model: 'iris-classifier' });
    await kit.mlops.deployment.createDeploymentTarget('Production');
    await kit.mlops.deployment.deployModel('Production', version, 'ada');
    const baseline = patternBytes(20_000, 6);
    await deploy(kit, 'iris', baseline);
    const iris = await kit.mlops.lifecycle.getExperiment('iris');
    for (const [model, bytes] of [['iris-classifier', tuned], [version.registeredModelId, tuned], ['iris', baseline], [iris.id, baseline]] as const) {
      const url = await kit.mlops.deployment.getDeployedModelUrl(model, 'Production', { expiresInSeconds: 300 });
      expect(sha256((await readUrl(url)).bytes), `the model served for ${model}`).toBe(sha256(bytes));
    }
    // No registered model carries the name of the experiment 'iris-tuning'.
    await expectMLOpsError(kit.mlops.deployment.getDeployedModelUrl('iris-tuning', 'Production'), 'NOT_FOUND', { mentions: ['iris-tuning'] });
  });

  kit.test('deployment.getDeployedModelUrl is NOT_FOUND with nothing deployed and INVALID_ARGUMENT with a bad expiry', async (context) => {
    withDownloadUrls(kit, context);
    await kit.mlops.deployment.createDeploymentTarget('Production');
    await kit.mlops.lifecycle.createExperiment('iris');
    await expectMLOpsError(kit.mlops.deployment.getDeployedModelUrl('iris', 'Production'), 'NOT_FOUND');
    await deploy(kit, 'iris', Buffer.from('model'));
    await expectMLOpsError(kit.mlops.deployment.getDeployedModelUrl('iris', 'Production', { expiresInSeconds: 0 }), 'INVALID_ARGUMENT', {
      mentions: ['expiresInSeconds'],
    });
  });

  kit.test('without getDownloadUrl, deployment.getDeployedModelUrl is UNSUPPORTED and names the provider', async (context) => {
    const { repository } = kit;
    if (typeof repository.getDownloadUrl === 'function') context.skip(`the '${repository.providerId}' repository has getDownloadUrl`);
    await deploy(kit, 'iris', Buffer.from('model'));
    await expectMLOpsError(kit.mlops.deployment.getDeployedModelUrl('iris', 'Production'), 'UNSUPPORTED', {
      providerId: repository.providerId,
      mentions: [repository.providerId, 'openDeployedModel'],
    });
  });
};
