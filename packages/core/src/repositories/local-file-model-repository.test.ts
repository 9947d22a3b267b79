import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MLOpsError } from '../errors.js';
import type { TransferProgress } from '../spec/v1/put-options.js';
import { LocalFileModelRepository } from './local-file-model-repository.js';

let rootDir: string;
let repository: LocalFileModelRepository;

beforeEach(async () => {
  rootDir = await fs.mkdtemp(path.join(os.tmpdir(), 'mlops-local-file-'));
  repository = new LocalFileModelRepository({ rootDir });
});

afterEach(async () => {
  await fs.rm(rootDir, { recursive: true, force: true });
});

async function listKeys(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of repository.list(prefix)) keys.push(object.key);
  return keys.sort();
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

async function temporaryFiles(): Promise<string[]> {
  const entries = await fs.readdir(rootDir, { recursive: true });
  return entries.filter((entry) => entry.endsWith('.mlops-tmp'));
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<MLOpsError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(MLOpsError.hasCode(error, code as never), `expected ${code}, got ${String(error)}`).toBe(true);
  return error as MLOpsError;
}

describe('LocalFileModelRepository', () => {
  it('defaults to ./mlops/models under the working directory', () => {
    expect(new LocalFileModelRepository().rootDir).toBe(path.resolve('mlops', 'models'));
    expect(new LocalFileModelRepository().providerId).toBe('local-file');
  });

  it('refuses a misspelt option instead of using the default folder (INVALID_ARGUMENT naming the option it resembles)', () => {
    expect(() => new LocalFileModelRepository({ rootdir: '/mnt/models' } as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining("no option 'rootdir' (did you mean 'rootDir'?)") }),
    );
  });

  it('connect creates the root folder', async () => {
    const nested = path.join(rootDir, 'a', 'b');
    await new LocalFileModelRepository({ rootDir: nested }).connect();
    expect((await fs.stat(nested)).isDirectory()).toBe(true);
  });

  it('put stores the bytes under nested keys and get streams them back', async () => {
    const result = await repository.put('runs/r1/model.onnx', Readable.from([Buffer.from('hello '), 'world']));
    expect(result).toEqual({ sizeBytes: 11 });
    expect(await text(await repository.get('runs/r1/model.onnx'))).toBe('hello world');
    expect(await fs.readFile(path.join(rootDir, 'runs', 'r1', 'model.onnx'), 'utf8')).toBe('hello world');
    expect(await temporaryFiles()).toEqual([]);
  });

  it('put replaces an existing object while an open reader keeps the old bytes', async () => {
    await repository.put('model.bin', Readable.from([Buffer.alloc(1 << 20, 1)]));
    const oldReader = await repository.get('model.bin');
    await repository.put('model.bin', Readable.from([Buffer.alloc(2 << 20, 2)]));
    const oldBytes = Buffer.concat(await oldReader.toArray());
    expect(oldBytes.length).toBe(1 << 20);
    expect(oldBytes.every((byte) => byte === 1)).toBe(true);
    const newBytes = Buffer.concat(await (await repository.get('model.bin')).toArray());
    expect(newBytes.length).toBe(2 << 20);
    expect(newBytes.every((byte) => byte === 2)).toBe(true);
  });

  it('put reports progress and ends with the full size', async () => {
    const progress: TransferProgress[] = [];
    const chunks = Array.from({ length: 4 }, () => Buffer.alloc(1024));
    await repository.put('a.bin', Readable.from(chunks), { sizeBytes: 4096, onProgress: (p) => progress.push(p) });
    expect(progress.at(-1)).toEqual({ bytes: 4096, totalBytes: 4096 });
  });

  it('a failing body leaves neither the object nor a temporary file', async () => {
    async function* failing() {
      yield Buffer.from('partial');
      throw new Error('source broke');
    }
    await expect(repository.put('runs/r1/model.onnx', Readable.from(failing()))).rejects.toThrow();
    expect(await repository.exists('runs/r1/model.onnx')).toBe(false);
    expect(await temporaryFiles()).toEqual([]);
  });

  it('an aborted put keeps the previous object and removes the temporary file', async () => {
    await repository.put('model.bin', Readable.from([Buffer.from('old')]));
    const controller = new AbortController();
    async function* endless() {
      for (;;) {
        yield Buffer.alloc(64 * 1024);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    const upload = repository.put('model.bin', Readable.from(endless()), { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(upload).rejects.toMatchObject({ name: 'AbortError' });
    expect(await text(await repository.get('model.bin'))).toBe('old');
    expect(await temporaryFiles()).toEqual([]);
  });

  it('get of a missing key is NOT_FOUND before any streaming', async () => {
    const error = await expectCode(repository.get('runs/none/model.onnx'), 'NOT_FOUND');
    expect(error.message).toContain('runs/none/model.onnx');
    expect(error.providerId).toBe('local-file');
    await repository.put('runs/r1/model.onnx', Readable.from(['x']));
    await expectCode(repository.get('runs/r1'), 'NOT_FOUND');
  });

  it('copy duplicates an object and replaces the destination', async () => {
    await repository.put('runs/r1/model.onnx', Readable.from(['new model']));
    await repository.put('deployments/e/Production/model.onnx', Readable.from(['old model']));
    await repository.copy('runs/r1/model.onnx', 'deployments/e/Production/model.onnx');
    expect(await text(await repository.get('deployments/e/Production/model.onnx'))).toBe('new model');
    expect(await text(await repository.get('runs/r1/model.onnx'))).toBe('new model');
    expect(await temporaryFiles()).toEqual([]);
  });

  it('copy of a missing source is NOT_FOUND and leaves the destination alone', async () => {
    await repository.put('deployments/e/Test/model.onnx', Readable.from(['kept']));
    await expectCode(repository.copy('runs/none/model.onnx', 'deployments/e/Test/model.onnx'), 'NOT_FOUND');
    expect(await text(await repository.get('deployments/e/Test/model.onnx'))).toBe('kept');
    expect(await temporaryFiles()).toEqual([]);
  });

  it('exists and delete (delete is idempotent)', async () => {
    await repository.put('runs/r1/model.onnx', Readable.from(['x']));
    expect(await repository.exists('runs/r1/model.onnx')).toBe(true);
    expect(await repository.exists('runs/r1')).toBe(false);
    await repository.delete('runs/r1/model.onnx');
    expect(await repository.exists('runs/r1/model.onnx')).toBe(false);
    await repository.delete('runs/r1/model.onnx');
    await repository.delete('never/was/here.bin');
  });

  it('list walks recursively and filters by a prefix that need not end at a folder', async () => {
    for (const key of ['runs/abc/model.onnx', 'runs/abc/sub/data.csv', 'runs/abd/model.onnx', 'deployments/e/Test/m.onnx']) {
      await repository.put(key, Readable.from([key]));
    }
    expect(await listKeys('runs/abc/')).toEqual(['runs/abc/model.onnx', 'runs/abc/sub/data.csv']);
    expect(await listKeys('runs/ab')).toEqual(['runs/abc/model.onnx', 'runs/abc/sub/data.csv', 'runs/abd/model.onnx']);
    expect(await listKeys('')).toHaveLength(4);
    expect(await listKeys('nothing/')).toEqual([]);
    const [object] = await collect(repository.list('runs/abd/'));
    expect(object).toMatchObject({ key: 'runs/abd/model.onnx', sizeBytes: 'runs/abd/model.onnx'.length });
    expect(typeof object?.lastModified).toBe('number');
  });

  it('uri is a file:// URL of the absolute path', async () => {
    const uri = repository.uri('deployments/e/Production/model.onnx');
    expect(uri.startsWith('file://')).toBe(true);
    expect(fileURLToPath(uri)).toBe(path.join(rootDir, 'deployments', 'e', 'Production', 'model.onnx'));
  });

  it.each(['../escape.bin', 'runs/../../escape.bin', '/etc/passwd', 'runs//model.onnx', 'runs/./model.onnx', 'a\\..\\b', '', 'x\0y'])(
    'refuses the unsafe key %j',
    async (key) => {
      await expectCode(repository.put(key, Readable.from(['x'])), 'INVALID_ARGUMENT');
      await expectCode(repository.get(key), 'INVALID_ARGUMENT');
      await expectCode(repository.exists(key), 'INVALID_ARGUMENT');
      await expectCode(repository.delete(key), 'INVALID_ARGUMENT');
      await expectCode(repository.copy('a', key), 'INVALID_ARGUMENT');
      expect(() => repository.uri(key)).toThrow(MLOpsError);
    },
  );

  it('refuses a list prefix that escapes the root', async () => {
    await expectCode(collect(repository.list('../')), 'INVALID_ARGUMENT');
  });
});

describe('LocalFileModelRepository and symbolic links', () => {
  let outside: string;

  beforeEach(async () => {
    outside = await fs.mkdtemp(path.join(os.tmpdir(), 'mlops-outside-'));
    await fs.writeFile(path.join(outside, 'secret.txt'), 'secret');
    await fs.mkdir(path.join(outside, 'r1'));
    await fs.writeFile(path.join(outside, 'r1', 'model.bin'), 'outside model');
    // A folder link and a file link inside the root, both leading out of it.
    await fs.symlink(outside, path.join(rootDir, 'runs'));
    await fs.mkdir(path.join(rootDir, 'deployments', 'e', 'Test'), { recursive: true });
    await fs.symlink(path.join(outside, 'secret.txt'), path.join(rootDir, 'deployments', 'e', 'Test', 'model.bin'));
    await repository.put('real/model.bin', Readable.from(['inside']));
  });

  afterEach(async () => {
    await fs.rm(outside, { recursive: true, force: true });
  });

  /** What is outside the root, file by file, to prove nothing there was read, written or removed. */
  async function outsideFiles(): Promise<Record<string, string>> {
    const files: Record<string, string> = {};
    for (const entry of await fs.readdir(outside, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) files[path.relative(outside, path.join(entry.parentPath, entry.name))] = await fs.readFile(path.join(entry.parentPath, entry.name), 'utf8');
    }
    return files;
  }

  const untouched = { 'secret.txt': 'secret', [path.join('r1', 'model.bin')]: 'outside model' };

  async function expectLinkRefused(promise: Promise<unknown>, key: string, link: string): Promise<void> {
    const error = await expectCode(promise, 'PERMISSION_DENIED');
    expect(error.message).toContain(`'${key}'`);
    expect(error.message).toContain(path.join(rootDir, link));
    expect(error.providerId).toBe('local-file');
  }

  it('put refuses a key through a folder link and writes nothing outside the root', async () => {
    await expectLinkRefused(repository.put('runs/r2/model.bin', Readable.from(['planted'])), 'runs/r2/model.bin', 'runs');
    await expectLinkRefused(repository.put('runs/r1/model.bin', Readable.from(['planted'])), 'runs/r1/model.bin', 'runs');
    expect(await outsideFiles()).toEqual(untouched);
  });

  it('put refuses a key that is itself a link and leaves the link and its target alone', async () => {
    const key = 'deployments/e/Test/model.bin';
    await expectLinkRefused(repository.put(key, Readable.from(['planted'])), key, key);
    expect((await fs.lstat(path.join(rootDir, key))).isSymbolicLink()).toBe(true);
    expect(await outsideFiles()).toEqual(untouched);
    expect(await temporaryFiles()).toEqual([]);
  });

  it('get refuses to read through a folder link or a file link', async () => {
    await expectLinkRefused(repository.get('runs/secret.txt'), 'runs/secret.txt', 'runs');
    await expectLinkRefused(repository.get('deployments/e/Test/model.bin'), 'deployments/e/Test/model.bin', 'deployments/e/Test/model.bin');
    expect(await text(await repository.get('real/model.bin'))).toBe('inside');
  });

  it('exists refuses to look through a link', async () => {
    await expectLinkRefused(repository.exists('runs/secret.txt'), 'runs/secret.txt', 'runs');
    await expectLinkRefused(repository.exists('deployments/e/Test/model.bin'), 'deployments/e/Test/model.bin', 'deployments/e/Test/model.bin');
  });

  it('copy refuses a source or a destination through a link and copies nothing', async () => {
    await expectLinkRefused(repository.copy('runs/secret.txt', 'stolen/secret.txt'), 'runs/secret.txt', 'runs');
    await expectLinkRefused(repository.copy('deployments/e/Test/model.bin', 'stolen/secret.txt'), 'deployments/e/Test/model.bin', 'deployments/e/Test/model.bin');
    expect(await repository.exists('stolen/secret.txt')).toBe(false);
    await expectLinkRefused(repository.copy('real/model.bin', 'runs/r1/model.bin'), 'runs/r1/model.bin', 'runs');
    await expectLinkRefused(repository.copy('real/model.bin', 'deployments/e/Test/model.bin'), 'deployments/e/Test/model.bin', 'deployments/e/Test/model.bin');
    expect(await outsideFiles()).toEqual(untouched);
  });

  it('delete refuses a key through a link and removes nothing outside the root', async () => {
    await expectLinkRefused(repository.delete('runs/secret.txt'), 'runs/secret.txt', 'runs');
    await expectLinkRefused(repository.delete('deployments/e/Test/model.bin'), 'deployments/e/Test/model.bin', 'deployments/e/Test/model.bin');
    expect(await outsideFiles()).toEqual(untouched);
  });

  it('list refuses a prefix through a link, and a walk from above skips links', async () => {
    await expectLinkRefused(collect(repository.list('runs/')), 'runs/', 'runs');
    await expectLinkRefused(collect(repository.list('runs/r1/')), 'runs/r1/', 'runs');
    expect(await listKeys('')).toEqual(['real/model.bin']);
  });

  it.runIf(process.platform === 'linux')('put and get never leave the root while a folder is swapped for a link over and over (Linux)', async () => {
    await fs.rm(path.join(rootDir, 'runs'));
    await fs.mkdir(path.join(rootDir, 'runs', 'r1'), { recursive: true });
    await fs.writeFile(path.join(rootDir, 'runs', 'r1', 'secret.txt'), 'inside');
    await fs.writeFile(path.join(outside, 'r1', 'secret.txt'), 'secret');
    const runs = path.join(rootDir, 'runs');
    const parked = path.join(rootDir, 'runs-parked');
    let strays = 0;
    // put creates 'runs' again when it finds it missing mid-swap: move such a folder aside and retry.
    async function retryAfterMovingStray(step: () => Promise<void>): Promise<void> {
      for (;;) {
        try {
          return await step();
        } catch (error) {
          if (!['EEXIST', 'ENOTEMPTY', 'EISDIR'].includes((error as { code?: string }).code ?? '')) throw error;
          await fs.rename(runs, path.join(rootDir, `stray-${strays++}`)).catch(() => undefined);
        }
      }
    }
    let isRacing = true;
    const swapper = (async () => {
      while (isRacing) {
        await fs.rename(runs, parked);
        await retryAfterMovingStray(() => fs.symlink(outside, runs));
        await new Promise((resolve) => setImmediate(resolve));
        await fs.unlink(runs);
        await retryAfterMovingStray(() => fs.rename(parked, runs));
      }
    })();
    const outcomes = { written: 0, read: 0 };
    try {
      for (let attempt = 0; attempt < 300; attempt++) {
        // Refusals and not-found answers are expected while the link is in place; following it is not.
        await repository.put(`runs/r1/model-${attempt}.bin`, Readable.from(['planted'])).then(() => outcomes.written++, () => undefined);
        const read = await repository.get('runs/r1/secret.txt').then(text, () => undefined);
        expect(read === undefined || read === 'inside', 'get read a file outside the root').toBe(true);
        if (read) outcomes.read += 1;
      }
    } finally {
      isRacing = false;
      await swapper;
    }
    expect(outcomes.written).toBeGreaterThan(0);
    expect(outcomes.read).toBeGreaterThan(0);
    expect(await outsideFiles()).toEqual({ ...untouched, [path.join('r1', 'secret.txt')]: 'secret' });
  });

  it('a link to a folder inside the root is refused too: keys never depend on links', async () => {
    await fs.symlink(path.join(rootDir, 'real'), path.join(rootDir, 'alias'));
    await expectLinkRefused(repository.get('alias/model.bin'), 'alias/model.bin', 'alias');
  });
});
