import { Readable } from 'node:stream';

/** The start of a body: its first `limitBytes` (or more) and whether the body ended within them. */
export interface FirstBlock {
  /** The chunks read, in order. */
  chunks: Buffer[];
  bytes: number;
  /** True when the whole body was read. */
  ended: boolean;
  /** The whole body again (the chunks read, then the rest), when it did not end. */
  rest(): Readable;
}

/**
 * Reads a body until `limitBytes` are in or it ends, so a small body can go up in one
 * request while a large one carries on as a stream from where it was.
 */
export async function readFirstBlock(body: Readable, limitBytes: number): Promise<FirstBlock> {
  const iterator = body[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const chunks: Buffer[] = [];
  let bytes = 0;
  let ended = false;
  while (bytes < limitBytes) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    chunks.push(chunk);
    bytes += chunk.length;
  }
  return {
    chunks,
    bytes,
    ended,
    rest: () =>
      Readable.from(
        (async function* () {
          yield* chunks;
          for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
        })(),
        { objectMode: false },
      ),
  };
}
