import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MLOpsBuilder, extendBuilder } from './builder.js';
import { MLOpsError } from './errors.js';
import { InMemoryMetadataStore } from './stores/in-memory-metadata-store.js';

describe('MLOpsBuilder', () => {
  let rootDir: string;
  beforeEach(async () => {
    rootDir = await mkdtemp(path.join(os.tmpdir(), 'mlops-builder-'));
  });
  afterEach(async () => {
    await rm(rootDir, { recursive: true, force: true });
  });

  it('builds a context whose catalogs work end to end', async () => {
    await using mlops = await new MLOpsBuilder().useInMemoryMetadataStore().useLocalFileModelRepository({ rootDir }).build();
    const run = await mlops.lifecycle.createRun('iris');
    await mlops.evaluation.logMetric(run.id, 'accuracy', 0.9);
    expect((await mlops.lifecycle.getRun(run.id)).metrics).toEqual({ accuracy: 0.9 });
  });

  it('refuses to configure a slot twice, naming both providers', () => {
    const builder = new MLOpsBuilder().useInMemoryMetadataStore();
    expect(() => builder.useMetadataStore(new InMemoryMetadataStore())).toThrow(/already configured/);
    const withRepository = new MLOpsBuilder().useLocalFileModelRepository({ rootDir });
    expect(() => withRepository.useLocalFileModelRepository({ rootDir })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('refuses a provider of an unknown specification version', () => {
    const future = { ...new InMemoryMetadataStore(), specificationVersion: 'v9', providerId: 'future' } as never;
    expect(() => new MLOpsBuilder().useMetadataStore(future)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED', providerId: 'future' }));
  });

  it('lets a package add a builder method once, and refuses a second package taking the name', () => {
    const method = function (this: MLOpsBuilder) {
      return this.useInMemoryMetadataStore();
    };
    extendBuilder('useTestStore' as never, method as never);
    extendBuilder('useTestStore' as never, method as never);
    expect(() => extendBuilder('useTestStore' as never, (() => undefined) as never)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(() => extendBuilder('useMetadataStore' as never, (() => undefined) as never)).toThrow(/already has a method/);
  });

  it('closes the store when the repository fails to connect', async () => {
    let closed = false;
    const store = new InMemoryMetadataStore();
    Object.assign(store, {
      close: async () => {
        closed = true;
      },
    });
    const failing = {
      specificationVersion: 'v1' as const,
      providerId: 'broken',
      connect: async () => {
        throw new MLOpsError('UNAVAILABLE', 'down');
      },
    } as never;
    await expect(new MLOpsBuilder().useMetadataStore(store).useModelRepository(failing).build()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(closed).toBe(true);
  });

  it('hands the built context to context extensions in order, and closes it when one throws', async () => {
    const seen: string[] = [];
    const mlops = await new MLOpsBuilder()
      .useInMemoryMetadataStore()
      .useLocalFileModelRepository({ rootDir })
      .useContextExtension((context) => void seen.push(`first:${typeof context.deployment.deployModel}`))
      .useContextExtension(async () => void seen.push('second'))
      .build();
    expect(seen).toEqual(['first:function', 'second']);
    await mlops.close();

    let closed = false;
    const store = Object.assign(new InMemoryMetadataStore(), { close: async () => void (closed = true) });
    const failing = new MLOpsBuilder().useMetadataStore(store).useLocalFileModelRepository({ rootDir }).useContextExtension(() => {
      throw new MLOpsError('INVALID_ARGUMENT', 'bad settings');
    });
    await expect(failing.build()).rejects.toThrow('bad settings');
    expect(closed).toBe(true);
    expect(() => new MLOpsBuilder().useContextExtension('nope' as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('MLOpsError', () => {
  it('is recognised across package copies by its symbol marker', () => {
    const foreign = Object.assign(new Error('x'), { code: 'NOT_FOUND', [Symbol.for('mlops-ts.error')]: true });
    expect(MLOpsError.isInstance(foreign)).toBe(true);
    expect(MLOpsError.hasCode(foreign, 'NOT_FOUND')).toBe(true);
    expect(MLOpsError.isInstance(new Error('x'))).toBe(false);
  });
});
