import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { roundUpToFloat32 } from './tree-ensemble.js';

describe('roundUpToFloat32', () => {
  it('keeps `x < split` identical for every float32 x (property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), fc.float({ noNaN: true }), (split, x) => {
        const threshold = roundUpToFloat32(split);
        expect(Math.fround(threshold)).toBe(threshold);
        expect(x < threshold).toBe(x < split);
      }),
      { numRuns: 20_000 },
    );
  });

  it('rounds up across zero, subnormals and the float32 range', () => {
    expect(roundUpToFloat32(0.7)).toBe(0.7000000476837158);
    expect(roundUpToFloat32(-0.7)).toBe(Math.fround(-0.7));
    expect(roundUpToFloat32(1e-50)).toBe(2 ** -149);
    expect(roundUpToFloat32(-1e-50)).toBe(-0);
    expect(roundUpToFloat32(1e39)).toBe(Infinity);
    expect(roundUpToFloat32(-1e39)).toBe(-3.4028234663852886e38);
    expect(roundUpToFloat32(0.5)).toBe(0.5);
  });
});
