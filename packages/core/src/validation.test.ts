import { describe, expect, it } from 'vitest';
import { validateArtifactName, validateMetricValue, validateName, validateStep, validateTags } from './validation.js';

const code = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return 'no error';
};

describe('validation', () => {
  it('accepts names up to the limit and refuses longer, empty or control-character names', () => {
    expect(validateName('metric name', 'a'.repeat(250))).toHaveLength(250);
    expect(code(() => validateName('metric name', 'a'.repeat(251)))).toBe('INVALID_ARGUMENT');
    expect(code(() => validateName('metric name', ''))).toBe('INVALID_ARGUMENT');
    expect(code(() => validateName('metric name', 'acc\nuracy'))).toBe('INVALID_ARGUMENT');
    expect(code(() => validateName('metric name', 42))).toBe('INVALID_ARGUMENT');
  });

  it("refuses '__proto__' as a name or tag key instead of losing it to the prototype", () => {
    expect(() => validateName('metric name', '__proto__')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining("'__proto__' is reserved") }));
    expect(() => validateTags(JSON.parse('{"team": "a", "__proto__": "b"}'))).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(validateName('tag key', 'constructor')).toBe('constructor');
  });

  it('names the offending value in the message', () => {
    expect(() => validateName('metric name', 'bad\tname')).toThrow(/"bad\\tname"/);
  });

  it('keeps artifact names inside the run folder', () => {
    expect(validateArtifactName('onnx/./model.onnx')).toBe('onnx/model.onnx');
    for (const bad of ['../model.onnx', 'a/../../b', '/etc/passwd', 'C:/model', 'a\\b', 'a\u0000b', '', '.', './']) {
      expect(code(() => validateArtifactName(bad)), bad).toBe('INVALID_ARGUMENT');
    }
  });

  it('keeps NaN and infinities as metric values but refuses non-numbers', () => {
    expect(validateMetricValue('loss', Number.NaN)).toBeNaN();
    expect(validateMetricValue('loss', -Infinity)).toBe(-Infinity);
    expect(code(() => validateMetricValue('loss', '0.5'))).toBe('INVALID_ARGUMENT');
  });

  it('requires integer steps', () => {
    expect(validateStep('loss', 3)).toBe(3);
    expect(code(() => validateStep('loss', 1.5))).toBe('INVALID_ARGUMENT');
  });

  it('requires string tag values', () => {
    expect(validateTags({ team: 'vision' })).toEqual({ team: 'vision' });
    expect(code(() => validateTags({ team: 3 }))).toBe('INVALID_ARGUMENT');
    expect(code(() => validateTags(['x']))).toBe('INVALID_ARGUMENT');
  });
});
