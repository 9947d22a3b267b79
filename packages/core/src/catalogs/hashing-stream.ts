import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/** A pass-through stream that counts bytes and computes their SHA-256 on the way. */
export class HashingStream extends Transform {
  private readonly hash = createHash('sha256');
  sizeBytes = 0;

  constructor(private readonly onBytes?: (sizeBytes: number) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.sizeBytes += chunk.length;
    this.onBytes?.(this.sizeBytes);
    callback(null, chunk);
  }

  /** The hex digest; call once, after the stream has ended. */
  digest(): string {
    return this.hash.digest('hex');
  }
}
