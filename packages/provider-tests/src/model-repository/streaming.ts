import { expect } from 'vitest';
import type { ConcernSuite } from '../harness.js';
import { digestStream, digestWritable, generatedStream } from '../helpers.js';

/** Settings of the large-object tests. */
export interface StreamingSettings {
  /** Size of the generated object in bytes; 0 skips the tests. */
  largeObjectBytes: number;
  /** Per-test timeout in milliseconds. */
  timeoutMs: number;
}

/**
 * Large objects: streamed in and out chunk by chunk. The kit generates the bytes as the
 * provider reads them and hashes what comes back, so it never holds the object either.
 */
export function streamingSuite(settings: StreamingSettings): ConcernSuite {
  return (kit) => {
    const size = settings.largeObjectBytes;
    const mebibytes = `${(size / (1024 * 1024)).toFixed(size % (1024 * 1024) === 0 ? 0 : 2)} MiB`;
    const options = { capability: 'large-object', timeoutMs: settings.timeoutMs };
    if (size <= 0) {
      kit.skip('a large object streams in and out', `options.largeObjectBytes is ${size}`);
      return;
    }

    kit.test(
      `a ${mebibytes} object streams through put, get, list and copy intact`,
      async () => {
        const generated = generatedStream(size, 11);
        const key = 'runs/large/model.bin';
        expect(await kit.repository.put(key, generated.stream, { sizeBytes: size })).toEqual({ sizeBytes: size });
        const expected = { sizeBytes: size, sha256: generated.digest() };
        expect(await digestStream(await kit.repository.get(key))).toEqual(expected);
        const listed = [];
        for await (const object of kit.repository.list('runs/large/')) listed.push({ key: object.key, sizeBytes: object.sizeBytes });
        expect(listed).toEqual([{ key, sizeBytes: size }]);
        await kit.repository.copy(key, 'deployments/large/Production/model.bin');
        expect(await digestStream(await kit.repository.get('deployments/large/Production/model.bin'))).toEqual(expected);
      },
      options,
    );

    kit.test(
      `a ${mebibytes} artifact uploads and downloads through the API with a verified hash`,
      async () => {
        const run = await kit.mlops.lifecycle.createRun('large');
        const generated = generatedStream(size, 12);
        const artifact = await kit.mlops.model.upload(run.id, generated.stream, { name: 'model.bin' });
        expect(artifact).toMatchObject({ sizeBytes: size, sha256: generated.digest() });
        const { writable, result } = digestWritable();
        await kit.mlops.model.download(run.id, writable);
        expect(result()).toEqual({ sizeBytes: size, sha256: artifact.sha256 });
      },
      options,
    );
  };
}
