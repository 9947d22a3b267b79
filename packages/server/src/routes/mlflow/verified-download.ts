import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
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
