import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { MLOpsError, type MLOpsErrorCode } from '@mlops-ts/core';
import { expect } from 'vitest';

/**
 * Awaits `action` and asserts it fails with an MLOpsError of `code` (checked with
 * `MLOpsError.hasCode`, so errors from another copy of the core count too).
 */
export async function expectMLOpsError(action: Promise<unknown> | (() => Promise<unknown>), code: MLOpsErrorCode): Promise<MLOpsError> {
  const outcome = await Promise.resolve()
    .then(() => (typeof action === 'function' ? action() : action))
    .then(
      (value) => ({ failed: false as const, value }),
      (error: unknown) => ({ failed: true as const, error }),
    );
  if (!outcome.failed) throw new Error(`Expected an MLOpsError with code ${code}, but the call succeeded with ${describe(outcome.value)}.`);
  const { error } = outcome;
  if (!MLOpsError.hasCode(error, code)) {
    throw new Error(`Expected an MLOpsError with code ${code}, got ${describe(error)}.`, { cause: error });
  }
  expect(error.message.length).toBeGreaterThan(0);
  return error;
}

function describe(value: unknown): string {
  if (MLOpsError.isInstance(value)) return `MLOpsError ${value.code}: ${value.message}`;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** SHA-256 hex of a buffer. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Reads a stream to its end. For small objects only. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** Size and SHA-256 of a stream, without holding it in memory. */
export async function digestStream(stream: Readable): Promise<{ sizeBytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  for await (const chunk of stream) {
    const bytes = chunk as Uint8Array;
    sizeBytes += bytes.length;
    hash.update(bytes);
  }
  return { sizeBytes, sha256: hash.digest('hex') };
}

/** A writable that hashes what it receives, for `download(runId, writable)`. */
export function digestWritable(): { writable: Writable; result: () => { sizeBytes: number; sha256: string } } {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  let digest: string | undefined;
  const writable = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      sizeBytes += chunk.length;
      hash.update(chunk);
      callback();
    },
  });
  return { writable, result: () => ({ sizeBytes, sha256: (digest ??= hash.digest('hex')) }) };
}

/** A stream of the given bytes. */
export function streamOf(bytes: Uint8Array): Readable {
  return Readable.from([Buffer.from(bytes)]);
}

/**
 * Deterministic pseudo-random bytes (xorshift32 from `seed`), so two objects of one size
 * differ everywhere.
 */
export function patternBytes(sizeBytes: number, seed: number): Buffer {
  const bytes = Buffer.alloc(sizeBytes);
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, Math.floor(sizeBytes / 4));
  let state = seed >>> 0 || 1;
  const next = (): number => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  for (let index = 0; index < words.length; index++) words[index] = next();
  for (let offset = words.length * 4; offset < sizeBytes; offset++) bytes[offset] = next() & 0xff;
  return bytes;
}

/**
 * A stream of `sizeBytes` generated pseudo-random bytes, produced chunk by chunk as the
 * consumer reads (never held in memory), with the SHA-256 of everything produced.
 */
export function generatedStream(sizeBytes: number, seed = 1, chunkBytes = 1 << 20): { stream: Readable; digest: () => string } {
  const hash = createHash('sha256');
  let produced = 0;
  let chunkIndex = 0;
  let digest: string | undefined;
  const stream = new Readable({
    highWaterMark: chunkBytes,
    read() {
      if (produced >= sizeBytes) {
        this.push(null);
        return;
      }
      const length = Math.min(chunkBytes, sizeBytes - produced);
      const chunk = patternBytes(length, seed * 7919 + ++chunkIndex);
      hash.update(chunk);
      produced += length;
      this.push(chunk);
    },
  });
  return {
    stream,
    digest: () => {
      if (produced < sizeBytes) throw new Error('The generated stream was not fully read.');
      return (digest ??= hash.digest('hex'));
    },
  };
}

/** A stream that yields `bytesBeforeFailure` bytes, then fails with `error`. */
export function failingStream(bytesBeforeFailure: number, error = new Error('simulated read failure')): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(patternBytes(bytesBeforeFailure, 99));
        return;
      }
      this.destroy(error);
    },
  });
}

/** Lists a repository prefix into an array of keys, sorted. */
export async function listKeys(repository: { list(prefix: string): AsyncIterable<{ key: string }> }, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of repository.list(prefix)) keys.push(object.key);
  return keys.sort();
}
