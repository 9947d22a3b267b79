/**
 * A minimal protocol-buffers encoder: just the wire types ONNX needs (varint,
 * length-delimited, 32-bit). Fields are written in call order; nested messages are
 * encoded by a callback into their own writer, then copied in with their length.
 */

const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

const textEncoder = new TextEncoder();

/** Appends protobuf fields to a growing byte buffer. */
export class ProtobufWriter {
  private buffer = new Uint8Array(256);
  private length = 0;

  /** Writes an int64/int32/enum/bool field as a varint (negative values as 10-byte two's complement). */
  int64(field: number, value: number | bigint): this {
    this.tag(field, WIRE_VARINT);
    this.varint(value);
    return this;
  }

  /** Writes a `float` field (fixed 32-bit, little-endian). */
  float(field: number, value: number): this {
    this.tag(field, WIRE_FIXED32);
    const view = this.reserve(4);
    view.setFloat32(0, value, true);
    return this;
  }

  /** Writes a `string` field as UTF-8. */
  string(field: number, value: string): this {
    return this.bytes(field, textEncoder.encode(value));
  }

  /** Writes a `bytes` field. */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.varint(value.length);
    this.append(value);
    return this;
  }

  /** Writes an embedded message produced by `encode` into a fresh writer. */
  message(field: number, encode: (writer: ProtobufWriter) => void): this {
    const nested = new ProtobufWriter();
    encode(nested);
    return this.bytes(field, nested.finish());
  }

  /** Writes a packed `repeated float` field. */
  packedFloats(field: number, values: ArrayLike<number>): this {
    const data = new Uint8Array(values.length * 4);
    const view = new DataView(data.buffer);
    for (let index = 0; index < values.length; index++) view.setFloat32(index * 4, values[index]!, true);
    return this.bytes(field, data);
  }

  /** Writes a packed `repeated int64` field. */
  packedInt64s(field: number, values: ArrayLike<number | bigint>): this {
    const nested = new ProtobufWriter();
    for (let index = 0; index < values.length; index++) nested.varint(values[index]!);
    return this.bytes(field, nested.finish());
  }

  /** The bytes written so far (a copy trimmed to length). */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private tag(field: number, wireType: number): void {
    this.varint((field << 3) | wireType);
  }

  private varint(value: number | bigint): void {
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value)) {
        throw new RangeError(`Cannot encode ${value} as a protobuf varint: it is not a safe integer.`);
      }
      if (value >= 0 && value < 0x80000000) {
        let remaining = value;
        while (remaining >= 0x80) {
          this.appendByte((remaining & 0x7f) | 0x80);
          remaining >>>= 7;
        }
        this.appendByte(remaining);
        return;
      }
    }
    // Large or negative: encode the 64-bit two's complement, as protobuf does for int64.
    let remaining = BigInt.asUintN(64, BigInt(value));
    while (remaining >= 0x80n) {
      this.appendByte(Number(remaining & 0x7fn) | 0x80);
      remaining >>= 7n;
    }
    this.appendByte(Number(remaining));
  }

  private appendByte(byte: number): void {
    this.ensureCapacity(1);
    this.buffer[this.length++] = byte;
  }

  private append(bytes: Uint8Array): void {
    this.ensureCapacity(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  private reserve(size: number): DataView {
    this.ensureCapacity(size);
    const view = new DataView(this.buffer.buffer, this.buffer.byteOffset + this.length, size);
    this.length += size;
    return view;
  }

  private ensureCapacity(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < this.length + extra) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
}
