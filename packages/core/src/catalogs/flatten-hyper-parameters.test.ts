import { describe, expect, it } from 'vitest';
import { flattenHyperParameters } from './flatten-hyper-parameters.js';

describe('flattenHyperParameters', () => {
  it("keeps a '__proto__' key as an own entry, so validation refuses it instead of it vanishing", () => {
    const flat = flattenHyperParameters(JSON.parse('{"__proto__": 1, "lr": 0.1}'));
    expect(Object.keys(flat)).toEqual(['__proto__', 'lr']);
    expect(Object.getPrototypeOf(flat)).toBe(Object.prototype);
  });

  it('flattens nested options into dotted keys, as MLOps.NET logged a whole trainer', () => {
    const flat = flattenHyperParameters({
      learningRate: 0.01,
      epochs: 10,
      shuffle: true,
      optimizer: { name: 'adam', betas: [0.9, 0.999], schedule: { warmup: 5 } },
      callback: () => undefined,
      unset: undefined,
      seed: null,
    });
    expect(flat).toEqual({
      learningRate: '0.01',
      epochs: '10',
      shuffle: 'true',
      'optimizer.name': 'adam',
      'optimizer.betas': '[0.9,0.999]',
      'optimizer.schedule.warmup': '5',
      seed: 'null',
    });
  });
});
