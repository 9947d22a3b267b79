import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { MLOpsError } from '../errors.js';
import { describe } from '../validation.js';

/** What `model.upload` accepts: a file path, bytes, or a stream. */
export type ModelSource = string | Uint8Array | Readable;

/** Opens a source as a stream, with its size when known and a default artifact name. */
export async function openModelSource(source: ModelSource): Promise<{ stream: Readable; sizeBytes?: number; defaultName: string }> {
  if (typeof source === 'string') {
    let size: number;
    try {
      const info = await stat(source);
      if (!info.isFile()) throw new Error('not a regular file');
      size = info.size;
    } catch (cause) {
      throw new MLOpsError('INVALID_ARGUMENT', `Model file '${source}' cannot be read (${(cause as Error).message}). Check the path, relative to ${process.cwd()}.`, { cause });
    }
    return { stream: createReadStream(source), sizeBytes: size, defaultName: path.basename(source) };
  }
  if (source instanceof Uint8Array) {
    const bytes = Buffer.from(source.buffer, source.byteOffset, source.byteLength);
    return { stream: Readable.from([bytes], { objectMode: false }), sizeBytes: bytes.length, defaultName: 'model' };
  }
  if (source instanceof Readable || (typeof source === 'object' && source !== null && typeof (source as Readable).pipe === 'function')) {
    return { stream: source as Readable, defaultName: 'model' };
  }
  throw new MLOpsError('INVALID_ARGUMENT', `Model source ${describe(source)} is not a file path, bytes or a readable stream. Pass one of those.`);
}
