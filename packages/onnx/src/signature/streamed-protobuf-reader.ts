import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';

/** The longest varint protobuf writes (a negative int64). */
const MAX_VARINT_BYTES = 10;

/**
 * Walks the fields of a protobuf message as its bytes arrive in chunks, holding only the
 * chunk being read: a field that is skipped is counted off and its chunks dropped, never
 * gathered. Varints and small payloads are decoded by @bufbuild/protobuf's `BinaryReader`
 * over the bytes at hand; this class only moves through the stream.
 *
 * Errors of the stream itself pass through unchanged, and {@link sourceFailed} tells them
 * from malformed bytes, which throw plain `Error`s.
 */
export class StreamedProtobufReader {
  /** Bytes consumed so far, from the start of the stream. */
  position = 0;
  /** True once reading the stream threw (an I/O error rather than a malformed model). */
  sourceFailed = false;
  readonly #chunks: AsyncIterator<Uint8Array>;
  /** The unread rest of the current chunk (more than one chunk only while a small read needs it). */
  #buffer: Uint8Array = new Uint8Array(0);
  #ended = false;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.#chunks = source[Symbol.asyncIterator]();
  }

  /** True while bytes remain in the stream. */
  async hasMore(): Promise<boolean> {
    await this.#fill(1);
    return this.#buffer.length > 0;
  }

  /** Reads a field header: [field number, wire type]. */
  async tag(): Promise<[number, WireType]> {
    await this.#fill(MAX_VARINT_BYTES);
    return this.#decode((reader) => reader.tag());
  }

  /** Reads the length of a length-delimited field, leaving its payload unread. */
  async length(): Promise<number> {
    await this.#fill(MAX_VARINT_BYTES);
    return this.#decode((reader) => reader.uint32());
  }

  /**
   * Reads a length-delimited payload into memory (one value description, one name).
   * @param limit - the largest payload accepted; a larger one throws before anything is gathered.
   */
  async bytes(limit: number, what: string): Promise<Uint8Array> {
    const length = await this.length();
    if (length > limit) throw new Error(`${what} claims ${length} bytes, more than the ${limit} such a field ever needs`);
    await this.#fill(length);
    if (this.#buffer.length < length) throw new Error(`${what} of ${length} bytes is cut off by the end of the stream`);
    const payload = this.#buffer.subarray(0, length);
    this.#consume(length);
    return payload;
  }

  /** Skips the value of a field whose header was just read. */
  async skip(wireType: WireType): Promise<void> {
    switch (wireType) {
      case WireType.Varint:
        await this.#fill(MAX_VARINT_BYTES);
        this.#decode((reader) => reader.skip(WireType.Varint));
        return;
      case WireType.Bit64:
        return this.skipBytes(8);
      case WireType.Bit32:
        return this.skipBytes(4);
      case WireType.LengthDelimited:
        return this.skipBytes(await this.length());
      default:
        throw new Error(`wire type ${wireType} (a group) at byte ${this.position} is not used by ONNX`);
    }
  }

  /** Drops `count` bytes, chunk by chunk. */
  async skipBytes(count: number): Promise<void> {
    let remaining = count;
    while (remaining > 0) {
      if (this.#buffer.length === 0 && !(await this.#nextChunk())) {
        throw new Error(`a field of ${count} bytes is cut off by the end of the stream at byte ${this.position}`);
      }
      const taken = Math.min(remaining, this.#buffer.length);
      this.#consume(taken);
      remaining -= taken;
    }
  }

  /** Stops reading: the stream is released (a Readable is destroyed). */
  async close(): Promise<void> {
    await this.#chunks.return?.();
  }

  /** Runs a BinaryReader over the bytes at hand and consumes what it read. */
  #decode<T>(read: (reader: BinaryReader) => T): T {
    const reader = new BinaryReader(this.#buffer);
    const value = read(reader);
    this.#consume(reader.pos);
    return value;
  }

  #consume(count: number): void {
    this.#buffer = this.#buffer.subarray(count);
    this.position += count;
  }

  /** Makes at least `minimum` bytes readable (fewer only at the end of the stream), joining chunks once. */
  async #fill(minimum: number): Promise<void> {
    if (this.#buffer.length >= minimum || this.#ended) return;
    const parts = [this.#buffer];
    let available = this.#buffer.length;
    while (available < minimum) {
      const chunk = await this.#read();
      if (chunk === undefined) break;
      parts.push(chunk);
      available += chunk.length;
    }
    this.#buffer = parts.length === 1 ? parts[0]! : concat(parts, available);
  }

  /** Replaces the (empty) buffer with the next chunk; false at the end of the stream. */
  async #nextChunk(): Promise<boolean> {
    const chunk = await this.#read();
    if (chunk === undefined) return false;
    this.#buffer = chunk;
    return true;
  }

  async #read(): Promise<Uint8Array | undefined> {
    while (!this.#ended) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await this.#chunks.next();
      } catch (error) {
        this.sourceFailed = true;
        throw error;
      }
      if (next.done) this.#ended = true;
      else if (next.value.length > 0) return toBytes(next.value);
    }
    return undefined;
  }
}

/** A stream may yield strings (a Readable with an encoding); the model is bytes. */
function toBytes(chunk: Uint8Array | string): Uint8Array {
  if (typeof chunk === 'string') throw new TypeError('the stream yields text, not bytes: open it without an encoding');
  return chunk;
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}
