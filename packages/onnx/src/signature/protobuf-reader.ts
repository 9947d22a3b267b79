/**
 * A minimal protocol-buffers decoder: walks the fields of one message, reading varints,
 * length-delimited payloads and skipping fixed-width values. Enough to pull a few fields
 * out of an ONNX model without a schema compiler or a dependency.
 */

/** One decoded field header. */
export interface ProtobufField {
  field: number;
  wireType: number;
}

/** Thrown when the bytes are not a well-formed protobuf message. */
export class ProtobufDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtobufDecodeError';
  }
}

const textDecoder = new TextDecoder('utf-8', { fatal: false });

/** Reads fields sequentially from a byte range. */
export class ProtobufReader {
  private position: number;

  constructor(
    private readonly bytes: Uint8Array,
    start = 0,
    private readonly end = bytes.length,
  ) {
    this.position = start;
  }

  /** True while fields remain. */
  hasMore(): boolean {
    return this.position < this.end;
  }

  /** Reads the next field header. */
  readField(): ProtobufField {
    const key = this.readVarint();
    const field = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (field === 0) throw new ProtobufDecodeError(`Field number 0 at byte ${this.position} is invalid.`);
    return { field, wireType };
  }

  /** Reads a varint as a bigint (int64 values may exceed 2^53). */
  readVarint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.position >= this.end) throw new ProtobufDecodeError('A varint runs past the end of the message.');
      const byte = this.bytes[this.position++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
    }
    throw new ProtobufDecodeError('A varint is longer than 10 bytes.');
  }

  /** Reads a varint-encoded int64 as a signed number (exact up to 2^53). */
  readInt64(): number {
    return Number(BigInt.asIntN(64, this.readVarint()));
  }

  /** Reads a length-delimited payload and returns a reader over it. */
  readMessage(): ProtobufReader {
    const { start, end } = this.readLengthDelimited();
    return new ProtobufReader(this.bytes, start, end);
  }

  /** Reads a length-delimited payload as UTF-8 text. */
  readString(): string {
    const { start, end } = this.readLengthDelimited();
    return textDecoder.decode(this.bytes.subarray(start, end));
  }

  /** Skips the value of a field whose header was just read. */
  skip(wireType: number): void {
    switch (wireType) {
      case 0:
        this.readVarint();
        return;
      case 1:
        this.advance(8);
        return;
      case 2:
        this.readLengthDelimited();
        return;
      case 5:
        this.advance(4);
        return;
      default:
        throw new ProtobufDecodeError(`Wire type ${wireType} at byte ${this.position} is not supported.`);
    }
  }

  private readLengthDelimited(): { start: number; end: number } {
    const length = Number(this.readVarint());
    const start = this.position;
    this.advance(length);
    return { start, end: start + length };
  }

  private advance(count: number): void {
    if (this.position + count > this.end) {
      throw new ProtobufDecodeError(`A field needs ${count} bytes at byte ${this.position} but the message ends at ${this.end}.`);
    }
    this.position += count;
  }
}
