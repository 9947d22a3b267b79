import { createHash } from 'node:crypto';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { MLOpsError, type RunArtifact } from '@mlops-ts/core';

/**
 * Passes an artifact's bytes through while hashing them, holding back the last chunk until
 * the size and SHA-256 match the ones recorded at upload. On a mismatch the stream fails
 * (INTEGRITY) before its end, so a client reading `Content-Length` bytes sees a broken
 * download instead of a silently corrupt file. Memory stays at one chunk.
 */
export class VerifiedDownload extends Transform {
  readonly #hash = createHash('sha256');
  #held: Buffer | undefined;
  #sizeBytes = 0;

  constructor(private readonly artifact: RunArtifact) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#hash.update(chunk);
    this.#sizeBytes += chunk.length;
    const previous = this.#held;
    this.#held = chunk;
    callback(null, previous);
  }

  override _flush(callback: TransformCallback): void {
    const digest = this.#hash.digest('hex');
    if (digest !== this.artifact.sha256 || this.#sizeBytes !== this.artifact.sizeBytes) {
      callback(new MLOpsError('INTEGRITY', `The stored bytes of artifact '${this.artifact.name}' of run '${this.artifact.runId}' do not match the SHA-256 recorded at upload. Upload the file again.`));
      return;
    }
    callback(null, this.#held);
  }
}

/**
 * Resolves once `stream` has its first bytes (or ends), and rejects with its error when it
 * fails before that: an error found before anything was sent can still answer as an error.
 */
export function whenReadable(stream: Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      stream.off('readable', onReadable);
      stream.off('error', onError);
      if (error) reject(error);
      else resolve();
    };
    const onReadable = () => settle();
    const onError = (error: Error) => settle(error);
    stream.once('readable', onReadable);
    stream.once('error', onError);
  });
}
