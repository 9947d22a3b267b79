import type { TransferProgress } from '../spec/v1/put-options.js';

/** Least time between two progress calls, in milliseconds: a bar needs no more. */
const progressIntervalMs = 100;

/**
 * Wraps an `onProgress` callback so it is called at most every 100 ms, plus once at the end
 * (`isFinal`). Returns a no-op when there is no callback.
 */
export function createProgressReporter(
  onProgress: ((progress: TransferProgress) => void) | undefined,
  totalBytes: number | undefined,
): (bytes: number, isFinal?: boolean) => void {
  if (!onProgress) return () => undefined;
  let lastReportedAt = 0;
  let lastReportedBytes = -1;
  return (bytes, isFinal = false) => {
    const now = Date.now();
    if (!isFinal && now - lastReportedAt < progressIntervalMs) return;
    if (isFinal && bytes === lastReportedBytes) return;
    lastReportedAt = now;
    lastReportedBytes = bytes;
    onProgress(totalBytes === undefined ? { bytes } : { bytes, totalBytes });
  };
}
