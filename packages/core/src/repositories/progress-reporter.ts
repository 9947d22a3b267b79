import type { TransferProgress } from '../spec/v1/put-options.js';

/** Least time between two progress calls, in milliseconds: a bar needs no more. */
const progressIntervalMs = 100;

/**
 * Reports the bytes written so far. Pass `isFinal: true` once the upload is complete, so the
 * last figure always reaches the callback.
 */
export type ProgressReporter = (bytes: number, isFinal?: boolean) => void;

/**
 * Throttles a `PutOptions.onProgress` callback for a model repository's `put`: it is called
 * at most every 100 ms, never twice in a row with the same byte count, and always once for
 * the final count (`isFinal`). Every progress object carries `totalBytes` when it is known.
 *
 * @param onProgress The caller's callback; without one the reporter does nothing.
 * @param totalBytes The size of the body when known in advance (`PutOptions.sizeBytes`).
 * @example
 * const report = createProgressReporter(options.onProgress, options.sizeBytes);
 * for await (const chunk of body) { await write(chunk); bytes += chunk.length; report(bytes); }
 * report(bytes, true);
 */
export function createProgressReporter(onProgress: ((progress: TransferProgress) => void) | undefined, totalBytes: number | undefined): ProgressReporter {
  if (!onProgress) return () => undefined;
  let lastReportedAt = 0;
  let lastReportedBytes = -1;
  return (bytes, isFinal = false) => {
    const now = Date.now();
    if ((!isFinal && now - lastReportedAt < progressIntervalMs) || bytes === lastReportedBytes) return;
    lastReportedAt = now;
    lastReportedBytes = bytes;
    onProgress(totalBytes === undefined ? { bytes } : { bytes, totalBytes });
  };
}
