import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { MLOpsError, repositoryLayoutMarkerKey, type MLOpsErrorCode } from '@mlops-ts/core';
import { expect } from 'vitest';

/** What `expectMLOpsError` checks besides the code; every field is optional. */
export interface MLOpsErrorExpectations {
  /** The `providerId` the error must carry, such as 's3'. */
  providerId?: string;
  /** Texts the message must contain, such as the bucket's name or the option that fixes the problem. */
  mentions?: readonly string[];
  /** When true, the error must keep the native error as `cause`. */
  withCause?: boolean;
  /** The call must fail within this many milliseconds (retries included), counted from this call. */
  withinMs?: number;
}

/**
 * Awaits `action` and asserts it fails with an MLOpsError of `code` (checked with
 * `MLOpsError.hasCode`, so errors from another copy of the core count too) and a message,
 * plus whatever `expectations` ask for. Returns the error for further checks; throws an
 * assertion error when the call succeeds or fails otherwise.
 *
 * @example
 * await expectMLOpsError(() => repository.connect(), 'UNAVAILABLE', { providerId: 's3', mentions: ['reachable'], withCause: true, withinMs: 10_000 });
 */
export async function expectMLOpsError(
  action: Promise<unknown> | (() => Promise<unknown>),
  code: MLOpsErrorCode,
  expectations: MLOpsErrorExpectations = {},
): Promise<MLOpsError> {
  const started = performance.now();
  const outcome = await Promise.resolve()
    .then(() => (typeof action === 'function' ? action() : action))
    .then(
      (value) => ({ failed: false as const, value }),
      (error: unknown) => ({ failed: true as const, error }),
    );
  const elapsedMs = performance.now() - started;
  if (!outcome.failed) throw new Error(`Expected an MLOpsError with code ${code}, but the call succeeded with ${describe(outcome.value)}.`);
  const { error } = outcome;
  if (!MLOpsError.hasCode(error, code)) {
    throw new Error(`Expected an MLOpsError with code ${code}, got ${describe(error)}.`, { cause: error });
  }
  expect(error.message.length).toBeGreaterThan(0);
  if (expectations.providerId !== undefined) expect(error.providerId, error.message).toBe(expectations.providerId);
  for (const text of expectations.mentions ?? []) expect(error.message).toContain(text);
  if (expectations.withCause) expect(error.cause, `the cause of: ${error.message}`).toBeDefined();
  if (expectations.withinMs !== undefined) expect(elapsedMs, `milliseconds until: ${error.message}`).toBeLessThan(expectations.withinMs);
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

/**
 * Reads a stream to its end and returns its size and SHA-256 (hex), without holding it in
 * memory: compare it with `generatedStream(...).digest()` after a round trip.
 */
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
  // Int32 arithmetic gives the same bits as uint32 and stays in small integers, several times faster.
  const words = new Int32Array(bytes.buffer, bytes.byteOffset, Math.floor(sizeBytes / 4));
  let state = seed | 0 || 1;
  for (let index = 0; index < words.length; index++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    words[index] = state;
  }
  for (let offset = words.length * 4; offset < sizeBytes; offset++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[offset] = state & 0xff;
  }
  return bytes;
}

/** A stream made by `generatedStream`, with the digest of what it produced. */
export interface GeneratedStream {
  /** The bytes, produced as the consumer reads. */
  stream: Readable;
  /** SHA-256 (hex) of all the bytes; throws until the stream has been read to its end. */
  digest(): string;
}

/**
 * A stream of `sizeBytes` pseudo-random bytes, produced chunk by chunk as the consumer reads
 * (never held in memory), so a test can upload objects of hundreds of MiB. The same `seed`
 * gives the same bytes; different seeds differ everywhere.
 *
 * @param sizeBytes How many bytes the stream yields.
 * @param seed Picks the bytes. Default 1.
 * @param chunkBytes Size of each chunk and the stream's buffer. Default 1 MiB.
 * @example
 * const generated = generatedStream(512 * 1024 * 1024, 7);
 * await repository.put('runs/large/model.bin', generated.stream, { sizeBytes: 512 * 1024 * 1024 });
 * expect(await digestStream(await repository.get('runs/large/model.bin'))).toEqual({ sizeBytes: 512 * 1024 * 1024, sha256: generated.digest() });
 */
export function generatedStream(sizeBytes: number, seed = 1, chunkBytes = 1 << 20): GeneratedStream {
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

/**
 * Every key of the repository but the core's layout marker (`repositoryLayoutMarkerKey`,
 * which `build()` writes), sorted: what uploads and deployments left.
 */
export async function listModelKeys(repository: { list(prefix: string): AsyncIterable<{ key: string }> }): Promise<string[]> {
  return (await listKeys(repository, '')).filter((key) => key !== repositoryLayoutMarkerKey);
}
