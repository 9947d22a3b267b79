/**
 * Proves that a third party can run the kit on its own provider: a model repository
 * over a Map, written only against the public exports of @mlops-ts/core.
 */
import { Readable } from 'node:stream';
import { storeErrors, type ModelRepositoryV1, type PutOptions, type RepositoryObject } from '@mlops-ts/core';
import { describeModelRepository } from '@mlops-ts/provider-tests';

/** Keeps objects in a Map; a put collects into a new Buffer and swaps the entry in one step. */
class MapModelRepository implements ModelRepositoryV1 {
  readonly specificationVersion = 'v1' as const;
  readonly providerId = 'map';
  readonly #objects = new Map<string, Buffer>();

  async put(key: string, body: Readable, options: PutOptions = {}): Promise<{ sizeBytes: number }> {
    options.signal?.throwIfAborted();
    const chunks: Buffer[] = [];
    let bytes = 0;
    const aborted = new Promise<never>((_, reject) => {
      options.signal?.addEventListener('abort', () => reject(options.signal!.reason), { once: true });
    });
    aborted.catch(() => undefined); // an abort after the put finished is harmless
    const collect = (async () => {
      for await (const chunk of body) {
        chunks.push(Buffer.from(chunk as Uint8Array));
        bytes += (chunk as Uint8Array).length;
        options.onProgress?.({ bytes });
      }
    })();
    try {
      await Promise.race([collect, aborted]);
    } catch (error) {
      body.destroy();
      throw error;
    }
    // Nothing is visible until this swap: readers see the old Buffer or the new one.
    this.#objects.set(key, Buffer.concat(chunks));
    return { sizeBytes: bytes };
  }

  async get(key: string): Promise<Readable> {
    const object = this.#objects.get(key);
    if (!object) throw storeErrors.objectNotFound(key, this.providerId);
    // A reader keeps the Buffer it started with, even if the entry is swapped meanwhile.
    const chunkBytes = 64 * 1024;
    return Readable.from(
      (function* () {
        for (let offset = 0; offset < object.length; offset += chunkBytes) yield object.subarray(offset, offset + chunkBytes);
      })(),
      { objectMode: false },
    );
  }

  async copy(sourceKey: string, destinationKey: string): Promise<void> {
    const object = this.#objects.get(sourceKey);
    if (!object) throw storeErrors.objectNotFound(sourceKey, this.providerId);
    this.#objects.set(destinationKey, object);
  }

  async exists(key: string): Promise<boolean> {
    return this.#objects.has(key);
  }

  async delete(key: string): Promise<void> {
    this.#objects.delete(key);
  }

  async *list(prefix: string): AsyncIterable<RepositoryObject> {
    for (const [key, object] of [...this.#objects]) {
      if (key.startsWith(prefix)) yield { key, sizeBytes: object.length };
    }
  }

  uri(key: string): string {
    return `map://objects/${key.split('/').map(encodeURIComponent).join('/')}`;
  }
}

// A Map holds whole objects, so the large-object test uses 8 MiB instead of 64.
describeModelRepository('map (third-party example)', () => new MapModelRepository(), { largeObjectBytes: 8 * 1024 * 1024 });
