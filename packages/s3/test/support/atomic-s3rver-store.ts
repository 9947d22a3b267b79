import { randomUUID } from 'node:crypto';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type S3rver from 's3rver';

/**
 * s3rver writes an object in place (truncate, then write) and its metadata in a second
 * file, so a reader racing a writer can see half an object. AWS S3 replaces objects
 * atomically. This patch gives the emulator S3's behaviour: content goes to a temporary
 * file that is renamed over the object, and the swap (rename + metadata) and the start of
 * a read (metadata + open) are serialised per key, so each read gets one version whole.
 * `temporaryDir` must be on the same file system as the store, outside its folder.
 * The provider's own side (no delete-then-write, no partial object ever visible) is what
 * the race test then checks.
 */
export function makeS3rverStoreAtomic(server: S3rver, temporaryDir: string): void {
  const store = server.store as unknown as FilesystemStore;
  const locks = new Map<string, Promise<unknown>>();

  function withKeyLock<T>(bucket: string, key: string, action: () => Promise<T>): Promise<T> {
    const id = `${bucket}/${key}`;
    const previous = locks.get(id) ?? Promise.resolve();
    const next = previous.then(action, action);
    const settled = next.catch(() => undefined);
    locks.set(id, settled);
    void settled.then(() => {
      if (locks.get(id) === settled) locks.delete(id);
    });
    return next;
  }

  const getObject = store.getObject.bind(store);
  const deleteObject = store.deleteObject.bind(store);
  const getMetadata = store.getMetadata.bind(store);

  store.getObject = (bucket, key, options) => withKeyLock(bucket, key, () => getObject(bucket, key, options));
  // getMetadata stays unlocked: getObject calls it while holding the key's lock.
  store.deleteObject = (bucket, key) => withKeyLock(bucket, key, () => deleteObject(bucket, key));

  store.putObject = async (object) => {
    await fs.mkdir(temporaryDir, { recursive: true });
    const temporary = path.join(temporaryDir, randomUUID());
    const md5 = createHash('md5');
    let size = 0;
    try {
      if (Buffer.isBuffer(object.content)) {
        md5.update(object.content);
        size = object.content.length;
        await fs.writeFile(temporary, object.content);
      } else {
        const measure = new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            md5.update(chunk);
            size += chunk.length;
            callback(null, chunk);
          },
        });
        await pipeline(object.content, measure, createWriteStream(temporary));
      }
      const digest = md5.digest('hex');
      await withKeyLock(object.bucket, object.key, async () => {
        const objectPath = store.getResourcePath(object.bucket, object.key, 'object');
        await fs.mkdir(path.dirname(objectPath), { recursive: true });
        await fs.rename(temporary, objectPath);
        await store.putMetadata(object.bucket, object.key, object.metadata, digest);
      });
      return { size, md5: digest };
    } finally {
      await fs.rm(temporary, { force: true });
    }
  };

  store.copyObject = async (sourceBucket, sourceKey, destinationBucket, destinationKey, replacementMetadata) => {
    await fs.mkdir(temporaryDir, { recursive: true });
    const temporary = path.join(temporaryDir, randomUUID());
    try {
      const sourceMetadata = await withKeyLock(sourceBucket, sourceKey, async () => {
        await fs.copyFile(store.getResourcePath(sourceBucket, sourceKey, 'object'), temporary);
        return getMetadata(sourceBucket, sourceKey);
      });
      await withKeyLock(destinationBucket, destinationKey, async () => {
        const objectPath = store.getResourcePath(destinationBucket, destinationKey, 'object');
        await fs.mkdir(path.dirname(objectPath), { recursive: true });
        await fs.rename(temporary, objectPath);
        const md5 = JSON.parse(sourceMetadata.etag ?? '""') as string;
        await store.putMetadata(destinationBucket, destinationKey, replacementMetadata ?? sourceMetadata, md5);
      });
      return getMetadata(destinationBucket, destinationKey);
    } finally {
      await fs.rm(temporary, { force: true });
    }
  };
}

interface StoredObject {
  bucket: string;
  key: string;
  content: Buffer | Readable;
  metadata: Record<string, string>;
}

interface FilesystemStore {
  rootDirectory: string;
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  getObject(bucket: string, key: string, options?: unknown): Promise<unknown>;
  getMetadata(bucket: string, key: string): Promise<Record<string, string>>;
  putMetadata(bucket: string, key: string, metadata: Record<string, string>, md5?: string): Promise<void>;
  deleteObject(bucket: string, key: string): Promise<void>;
  putObject(object: StoredObject): Promise<{ size: number; md5: string }>;
  copyObject(
    sourceBucket: string,
    sourceKey: string,
    destinationBucket: string,
    destinationKey: string,
    replacementMetadata: Record<string, string> | null,
  ): Promise<Record<string, string>>;
}
