import type { Readable } from 'node:stream';
import { MLOpsError } from '@mlops-ts/core';
import { expect } from 'vitest';
import type { ConcernSuite } from '../harness.js';
import { patternBytes, readAll, sha256, streamOf } from '../helpers.js';

const mebibyte = 1024 * 1024;

/** Big enough that no client or OS buffer holds the whole object when the first chunk arrives. */
const objectBytes = 8 * mebibyte;

/** Reads the first chunk, runs `during`, then reads the rest; returns the SHA-256 of all bytes read. */
async function readAcross(stream: Readable, during: () => Promise<unknown>): Promise<string> {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  const first = await iterator.next();
  if (!first.done) chunks.push(Buffer.from(first.value));
  await during();
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) chunks.push(Buffer.from(next.value));
  return sha256(Buffer.concat(chunks));
}

/** Atomic replacement: readers see the old object or the new one entirely, never a mix or a gap. */
export const atomicReplaceSuite: ConcernSuite = (kit) => {
  const oldBytes = patternBytes(objectBytes, 21);
  const newBytes = patternBytes(objectBytes, 22);
  const oldHash = sha256(oldBytes);
  const newHash = sha256(newBytes);

  /** Registers the old and the new bytes as versions 1 and 2 of 'iris' and creates the Production target. */
  const registerTwoVersions = async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const first = await kit.mlops.model.upload(run.id, oldBytes, { name: 'v1.onnx' });
    const second = await kit.mlops.model.upload(run.id, newBytes, { name: 'v2.onnx' });
    const versions = [await kit.mlops.model.registerModel('iris', first.id, 'ada'), await kit.mlops.model.registerModel('iris', second.id, 'ada')] as const;
    await kit.mlops.deployment.createDeploymentTarget('Production', { isProduction: true });
    return versions;
  };

  kit.test('a reader streaming while the object is replaced by put reads the old or the new bytes entirely', async () => {
    const key = 'deployments/iris/Production/model.bin';
    await kit.repository.put(key, streamOf(oldBytes));
    const seen = await readAcross(await kit.repository.get(key), () => kit.repository.put(key, streamOf(newBytes)));
    expect([oldHash, newHash]).toContain(seen);
    expect(sha256(await readAll(await kit.repository.get(key)))).toBe(newHash);
  });

  kit.test('a reader streaming while the object is replaced by copy reads the old or the new bytes entirely', async () => {
    const key = 'deployments/iris/Production/model.bin';
    await kit.repository.put(key, streamOf(oldBytes));
    await kit.repository.put('runs/r2/model.bin', streamOf(newBytes));
    const seen = await readAcross(await kit.repository.get(key), () => kit.repository.copy('runs/r2/model.bin', key));
    expect([oldHash, newHash]).toContain(seen);
    expect(sha256(await readAll(await kit.repository.get(key)))).toBe(newHash);
  });

  kit.test('readers racing 16 replacements (by copy and by put, two object sizes) always read one whole object, never an error or a missing key', async () => {
    const key = 'deployments/iris/Test/model.bin';
    // One under and one over the usual 4-5 MiB part or block size, so single-request and
    // multi-part uploads replace each other, and a mix or a truncation changes the length.
    const versions = [patternBytes(3 * mebibyte, 31), patternBytes(5 * mebibyte + 123, 32)];
    const hashes = versions.map(sha256);
    const sources = ['runs/r1/model.bin', 'runs/r2/model.bin'];
    await kit.repository.put(sources[0]!, streamOf(versions[0]!));
    await kit.repository.put(sources[1]!, streamOf(versions[1]!));
    await kit.repository.copy(sources[0]!, key);
    let writing = true;
    const writers = (async () => {
      try {
        for (let round = 0; round < 16; round++) {
          const version = (round + 1) % 2;
          if (round % 4 < 2) await kit.repository.copy(sources[version]!, key);
          else await kit.repository.put(key, streamOf(versions[version]!));
        }
      } finally {
        writing = false;
      }
    })();
    const reader = async (): Promise<string[]> => {
      const seen: string[] = [];
      while (writing || seen.length === 0) {
        try {
          seen.push(sha256(await readAll(await kit.repository.get(key))));
        } catch (error) {
          throw MLOpsError.hasCode(error, 'NOT_FOUND') ? new Error('A reader found the key missing during a replacement.', { cause: error }) : error;
        }
      }
      return seen;
    };
    const [, ...reads] = await Promise.all([writers, reader(), reader(), reader()]);
    for (const hash of reads.flat()) expect(hashes).toContain(hash);
  });

  kit.test('8 writers putting one small key at once all succeed and leave one whole body of theirs', async () => {
    const bodies = Array.from({ length: 8 }, (_, writer) => patternBytes(64 * 1024 + writer, writer + 1));
    await Promise.all(bodies.map((body) => kit.repository.put('runs/race/small.bin', streamOf(body))));
    const stored = sha256(await readAll(await kit.repository.get('runs/race/small.bin')));
    expect(bodies.map((body) => sha256(body))).toContain(stored);
  });

  kit.test('a deployed model streamed while a new version is deployed is read entirely as the old or the new version', async () => {
    const [v1, v2] = await registerTwoVersions();
    await kit.mlops.deployment.deployModel('Production', v1, 'ada');
    const seen = await readAcross(await kit.mlops.deployment.openDeployedModel('iris', 'Production'), () =>
      kit.mlops.deployment.deployModel('Production', v2, 'ada'),
    );
    expect([oldHash, newHash]).toContain(seen);
    expect(sha256(await readAll(await kit.mlops.deployment.openDeployedModel('iris', 'Production')))).toBe(newHash);
  });

  kit.test('two deployments racing to one target leave one complete model and both in the history', async () => {
    const [v1, v2] = await registerTwoVersions();
    await Promise.all([kit.mlops.deployment.deployModel('Production', v1, 'ada'), kit.mlops.deployment.deployModel('Production', v2, 'grace')]);
    expect([oldHash, newHash]).toContain(sha256(await readAll(await kit.mlops.deployment.openDeployedModel('iris', 'Production'))));
    expect(await kit.mlops.deployment.getDeployments('iris')).toHaveLength(2);
  });
};
