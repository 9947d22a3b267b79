import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs/promises';
import { Readable } from 'node:stream';
import { LocalFileModelRepository, MLOpsError, type ModelRepositoryV1 } from '@mlops-ts/core';
import { closedPort, digestStream, expectMLOpsError, generatedStream, measureLargeTransfer } from '@mlops-ts/provider-tests';
import { describe, expect, it } from 'vitest';

describe('helpers for provider authors', () => {
  it('generatedStream gives the same bytes for one seed, other bytes for another, and their digest once read', async () => {
    const first = generatedStream(3 * 1024 * 1024 + 5, 7);
    expect(() => first.digest()).toThrow(/not fully read/);
    const read = await digestStream(first.stream);
    expect(read).toEqual({ sizeBytes: 3 * 1024 * 1024 + 5, sha256: first.digest() });
    expect((await digestStream(generatedStream(3 * 1024 * 1024 + 5, 7).stream)).sha256).toBe(read.sha256);
    expect((await digestStream(generatedStream(3 * 1024 * 1024 + 5, 8).stream)).sha256).not.toBe(read.sha256);
  });

  it('closedPort gives a port where a connection is refused', async () => {
    const port = await closedPort();
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => net.connect(port, '127.0.0.1').once('error', resolve));
    expect(error.code).toBe('ECONNREFUSED');
  });

  it('expectMLOpsError checks the code, provider, message, cause and time it is asked to', async () => {
    const failing = () => Promise.reject(new MLOpsError('UNAVAILABLE', "Bucket 'models' is not reachable.", { providerId: 'demo', cause: new Error('ECONNREFUSED') }));
    const error = await expectMLOpsError(failing, 'UNAVAILABLE', { providerId: 'demo', mentions: ["'models'"], withCause: true, withinMs: 1_000 });
    expect(error.code).toBe('UNAVAILABLE');
    await expect(expectMLOpsError(failing, 'NOT_FOUND')).rejects.toThrow(/code NOT_FOUND, got MLOpsError UNAVAILABLE/);
    await expect(expectMLOpsError(failing, 'UNAVAILABLE', { providerId: 'other' })).rejects.toThrow(/other/);
    await expect(expectMLOpsError(failing, 'UNAVAILABLE', { mentions: ['container'] })).rejects.toThrow(/container/);
    await expect(expectMLOpsError(Promise.resolve(1), 'UNAVAILABLE')).rejects.toThrow(/succeeded with 1/);
  });

  it('measureLargeTransfer round-trips a generated object through a repository and measures it', async () => {
    const rootDir = await fs.mkdtemp(path.join(os.tmpdir(), 'mlops-large-transfer-'));
    try {
      const repository = new LocalFileModelRepository({ rootDir });
      await repository.connect();
      const measured = await measureLargeTransfer(repository, { sizeBytes: 16 * 1024 * 1024, key: 'runs/r1/model.bin' });
      expect(measured).toMatchObject({ sizeBytes: 16 * 1024 * 1024 });
      expect(measured.uploadSeconds).toBeGreaterThan(0);
      expect(measured.downloadSeconds).toBeGreaterThan(0);
      expect(measured.summary).toMatch(/^16 MiB: upload \d+ MiB\/s, download \d+ MiB\/s, peak live growth -?\d+ MiB, peak RSS growth -?\d+ MiB$/);
      expect(await repository.exists('runs/r1/model.bin')).toBe(true);
    } finally {
      await fs.rm(rootDir, { recursive: true, force: true });
    }
  });

  it('measureLargeTransfer tells a repository that streams from one that holds whole objects in memory', async () => {
    const rootDir = await fs.mkdtemp(path.join(os.tmpdir(), 'mlops-large-transfer-'));
    try {
      const repository = new LocalFileModelRepository({ rootDir });
      await repository.connect();
      const holdingPut: ModelRepositoryV1['put'] = async (key, body, options) => {
        const chunks: Buffer[] = [];
        for await (const chunk of body) chunks.push(chunk as Buffer);
        return repository.put(key, Readable.from([Buffer.concat(chunks)]), options);
      };
      const holding = new Proxy(repository, {
        get(target, property) {
          if (property === 'put') return holdingPut;
          const value = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      const sizeBytes = 64 * 1024 * 1024;
      const streamed = await measureLargeTransfer(repository, { sizeBytes, key: 'runs/r1/streamed.bin' });
      const held = await measureLargeTransfer(holding, { sizeBytes, key: 'runs/r1/held.bin' });
      expect(streamed.peakLiveGrowthBytes / sizeBytes).toBeLessThan(0.5);
      expect(held.peakLiveGrowthBytes / sizeBytes).toBeGreaterThan(0.9);
    } finally {
      await fs.rm(rootDir, { recursive: true, force: true });
    }
  });
});
