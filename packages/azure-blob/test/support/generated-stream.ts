import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

const chunkBytes = 1024 * 1024;

/**
 * A stream of `totalBytes` made on the fly (never held in memory) and its SHA-256,
 * available once the stream has been read to the end.
 */
export function generatedStream(totalBytes: number): { stream: Readable; sha256(): string } {
  const block = randomBytes(chunkBytes);
  const hash = createHash('sha256');
  let digest: string | undefined;
  let produced = 0;
  let index = 0;
  const stream = new Readable({
    highWaterMark: chunkBytes,
    read() {
      if (produced >= totalBytes) {
        digest = hash.digest('hex');
        this.push(null);
        return;
      }
      const size = Math.min(chunkBytes, totalBytes - produced);
      const chunk = Buffer.from(block.subarray(0, size));
      chunk.writeUInt32BE(index++ >>> 0, 0);
      produced += size;
      hash.update(chunk);
      this.push(chunk);
    },
  });
  return {
    stream,
    sha256() {
      if (digest === undefined) throw new Error('The generated stream has not been read to the end yet.');
      return digest;
    },
  };
}

/** Reads a stream to the end, returning its SHA-256 and length without keeping it. */
export async function sha256Of(stream: Readable): Promise<{ sha256: string; sizeBytes: number }> {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    sizeBytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), sizeBytes };
}
