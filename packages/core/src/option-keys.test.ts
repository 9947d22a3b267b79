import { describe, expect, it } from 'vitest';
import { MLOpsError } from './errors.js';
import { optionKeys, refuseUnknownOptions } from './option-keys.js';

interface ExampleOptions {
  path: string;
  busyTimeoutMs?: number;
}

const known = optionKeys<ExampleOptions>({ path: true, busyTimeoutMs: true });

function errorOf(action: () => unknown): MLOpsError {
  try {
    action();
  } catch (error) {
    if (MLOpsError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an MLOpsError, nothing was thrown');
}

describe('refuseUnknownOptions', () => {
  it('accepts known keys, no options and null', () => {
    expect(() => refuseUnknownOptions('useExample()', { path: 'a', busyTimeoutMs: 1 }, known)).not.toThrow();
    expect(() => refuseUnknownOptions('useExample()', {}, known)).not.toThrow();
    expect(() => refuseUnknownOptions('useExample()', undefined, known)).not.toThrow();
    expect(() => refuseUnknownOptions('useExample()', null, known)).not.toThrow();
  });

  it('names a misspelt key, the key it resembles and the known ones', () => {
    const error = errorOf(() => refuseUnknownOptions('useExample()', { pth: 'a' }, known, 'example'));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.providerId).toBe('example');
    expect(error.message).toBe("useExample() has no option 'pth' (did you mean 'path'?). Use only 'path', 'busyTimeoutMs'.");
  });

  it('lists every unknown key and suggests nothing for an unrelated word', () => {
    const error = errorOf(() => refuseUnknownOptions('useExample()', { colour: 'red', size: 3 }, known));
    expect(error.message).toBe("useExample() has no option 'colour', 'size'. Use only 'path', 'busyTimeoutMs'.");
  });

  it('suggests across case', () => {
    expect(errorOf(() => refuseUnknownOptions('useExample()', { BusyTimeoutMS: 1 }, known)).message).toContain("did you mean 'busyTimeoutMs'?");
  });
});
