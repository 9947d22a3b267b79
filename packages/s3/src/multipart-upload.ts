import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import { MLOpsError } from '@mlops-ts/core';
import { providerId } from './translate-s3-error.js';

/** S3 accepts at most this many parts in one multipart upload. */
export const maximumPartCount = 10_000;

/** What `uploadInParts` uploads. */
export interface MultipartUploadRequest {
  client: S3Client;
  bucket: string;
  key: string;
  body: Readable;
  partSizeBytes: number;
  /** Parts sent at once. */
  concurrency: number;
  signal?: AbortSignal;
  /** Called after each part (or the single PutObject) is stored, with the bytes stored so far. */
  onStored(bytes: number): void;
}

/**
 * Streams `body` to S3 through a fixed pool of `concurrency + 1` part buffers that are
 * reused, so memory stays at that pool whatever the size of the body and no per-part
 * garbage piles up (lib-storage's `Upload` concatenates each part afresh, which doubled
 * the peak memory of a 512 MiB upload). A body that fits in one part is sent with one
 * PutObject; a larger one with a multipart upload that becomes visible only when
 * completed, and is aborted (no parts left behind) on any failure. Each part is a Buffer,
 * so the SDK's retry policy can resend it.
 * @returns the number of bytes uploaded.
 */
export async function uploadInParts(request: MultipartUploadRequest): Promise<number> {
  const { client, bucket, key, body, partSizeBytes, concurrency, signal } = request;
  const reader = new PartReader(body);
  const sendOptions = { abortSignal: signal };
  // One buffer is filled while up to `concurrency` others are being sent.
  const pool: Buffer[] = [];
  let allocated = 0;
  const takeBuffer = (): Buffer | undefined => {
    if (pool.length > 0) return pool.pop();
    if (allocated > concurrency) return undefined;
    allocated++;
    return Buffer.allocUnsafe(partSizeBytes);
  };

  const first = takeBuffer()!;
  const firstPart = await reader.fill(first);
  if (firstPart.isLast) {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: first.subarray(0, firstPart.length), ContentLength: firstPart.length }), sendOptions);
    request.onStored(firstPart.length);
    return firstPart.length;
  }

  const { UploadId: uploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }), sendOptions);
  const parts: CompletedPart[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  let stored = 0;
  let total = 0;
  const send = (partNumber: number, buffer: Buffer, length: number): void => {
    total += length;
    const upload = client
      .send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: partNumber, Body: buffer.subarray(0, length), ContentLength: length }), sendOptions)
      .then(
        (result) => {
          parts.push({ PartNumber: partNumber, ETag: result.ETag });
          stored += length;
          request.onStored(stored);
        },
        (error: unknown) => {
          failure ??= { error };
        },
      )
      .finally(() => {
        pool.push(buffer);
        inFlight.delete(upload);
      });
    inFlight.add(upload);
  };

  try {
    let partNumber = 1;
    send(partNumber, first, firstPart.length);
    for (let isLast = false; !isLast && failure === undefined; ) {
      let buffer = takeBuffer();
      while (buffer === undefined) {
        await Promise.race(inFlight);
        buffer = takeBuffer();
      }
      if (++partNumber > maximumPartCount) {
        throw new MLOpsError(
          'INVALID_ARGUMENT',
          `The upload of '${key}' needs more than ${maximumPartCount} parts of ${partSizeBytes} bytes, S3's limit. Pass the body's size (sizeBytes) so the part size adapts, or raise partSizeBytes.`,
          { providerId },
        );
      }
      const part = await reader.fill(buffer);
      isLast = part.isLast;
      if (part.length === 0) {
        pool.push(buffer);
        continue;
      }
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
      send(partNumber, buffer, part.length);
    }
    await Promise.all(inFlight);
    if (failure) throw failure.error;
    parts.sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
    await client.send(
      new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }),
      sendOptions,
    );
    return total;
  } catch (error) {
    failure ??= { error };
    await Promise.allSettled(inFlight);
    // Without the abort the stored parts would be billed until a lifecycle rule removes them.
    await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId })).catch(() => undefined);
    throw error;
  }
}

/** Copies a stream's chunks into part buffers, carrying the rest of a chunk to the next part. */
class PartReader {
  readonly #iterator: AsyncIterator<unknown>;
  #pending: Buffer | undefined;
  #isDone = false;

  constructor(body: Readable) {
    this.#iterator = body[Symbol.asyncIterator]();
  }

  /** Fills `target` from the stream; `isLast` is true when the stream has nothing after these bytes. */
  async fill(target: Buffer): Promise<{ length: number; isLast: boolean }> {
    let length = 0;
    while (length < target.length && (await this.#hasMore())) {
      const pending = this.#pending!;
      const copied = pending.copy(target, length);
      length += copied;
      this.#pending = copied < pending.length ? pending.subarray(copied) : undefined;
    }
    return { length, isLast: !(await this.#hasMore()) };
  }

  async #hasMore(): Promise<boolean> {
    while (this.#pending === undefined && !this.#isDone) {
      const next = await this.#iterator.next();
      if (next.done) this.#isDone = true;
      else {
        const chunk = toBuffer(next.value);
        if (chunk.length > 0) this.#pending = chunk;
      }
    }
    return this.#pending !== undefined;
  }
}

/** A chunk of a byte stream as a Buffer, without copying. */
function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk);
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new MLOpsError('INVALID_ARGUMENT', `The upload body produced a ${typeof chunk}, not bytes. Pass a byte stream, such as fs.createReadStream(path).`, {
    providerId,
  });
}
