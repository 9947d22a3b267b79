import { describe, expect, it } from 'vitest';

import { ProtobufReader } from '../signature/protobuf-reader.js';
import { ProtobufWriter } from './protobuf-writer.js';

describe('ProtobufWriter', () => {
  it('round-trips varints, negative int64s, strings and nested messages through the reader', () => {
    const bytes = new ProtobufWriter()
      .int64(1, 300)
      .int64(2, -1)
      .int64(3, 2 ** 40 + 5)
      .int64(4, -(2 ** 40))
      .string(5, 'naïve ✓')
      .message(6, (nested) => nested.int64(1, 7))
      .finish();
    // 300 is the textbook two-byte varint; -1 is ten bytes of two's complement.
    expect(Array.from(bytes.subarray(0, 3))).toEqual([0x08, 0xac, 0x02]);
    expect(Array.from(bytes.subarray(3, 14))).toEqual([0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);

    const reader = new ProtobufReader(bytes);
    const values: unknown[] = [];
    while (reader.hasMore()) {
      const { field } = reader.readField();
      if (field === 5) values.push(reader.readString());
      else if (field === 6) {
        const nested = reader.readMessage();
        nested.readField();
        values.push({ nested: nested.readInt64() });
      } else values.push(reader.readInt64());
    }
    expect(values).toEqual([300, -1, 2 ** 40 + 5, -(2 ** 40), 'naïve ✓', { nested: 7 }]);
  });

  it('writes packed floats and int64s little-endian and grows past its initial buffer', () => {
    const many = Array.from({ length: 1000 }, (_, index) => index * 1000);
    const bytes = new ProtobufWriter().packedFloats(1, [1.5, -2]).packedInt64s(2, many).finish();
    expect(Array.from(bytes.subarray(0, 10))).toEqual([0x0a, 8, 0, 0, 0xc0, 0x3f, 0, 0, 0, 0xc0]);
    const reader = new ProtobufReader(bytes);
    reader.readField();
    reader.skip(2);
    reader.readField();
    const packed = reader.readMessage();
    const decoded: number[] = [];
    while (packed.hasMore()) decoded.push(packed.readInt64());
    expect(decoded).toEqual(many);
  });

  it('refuses a non-integer varint instead of writing a corrupt field', () => {
    expect(() => new ProtobufWriter().int64(1, 1.5)).toThrow(RangeError);
  });
});
