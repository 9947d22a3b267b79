import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TransferProgress } from '../spec/v1/put-options.js';
import { createProgressReporter } from './progress-reporter.js';

describe('createProgressReporter', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports at most every 100 ms, then always the final count with the total', () => {
    const seen: TransferProgress[] = [];
    const report = createProgressReporter((progress) => seen.push(progress), 300);
    report(100);
    report(150);
    vi.advanceTimersByTime(100);
    report(200);
    report(300, true);
    expect(seen).toEqual([
      { bytes: 100, totalBytes: 300 },
      { bytes: 200, totalBytes: 300 },
      { bytes: 300, totalBytes: 300 },
    ]);
  });

  it('never reports the same count twice in a row, so a final call after a stall adds nothing', () => {
    const seen: TransferProgress[] = [];
    const report = createProgressReporter((progress) => seen.push(progress), undefined);
    report(64);
    vi.advanceTimersByTime(500);
    report(64);
    report(64, true);
    expect(seen).toEqual([{ bytes: 64 }]);
  });

  it('reports an empty upload once, and does nothing without a callback', () => {
    const seen: TransferProgress[] = [];
    createProgressReporter((progress) => seen.push(progress), 0)(0, true);
    expect(seen).toEqual([{ bytes: 0, totalBytes: 0 }]);
    expect(() => createProgressReporter(undefined, 10)(10, true)).not.toThrow();
  });
});
