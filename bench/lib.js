// Shared measuring helpers: every figure is a ratio against a baseline run in the same process.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

/** Milliseconds taken by `fn` (awaited). */
export async function time(fn) {
  globalThis.gc?.();
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** The best of `rounds` timings of a fresh setup + measured body, to damp noise from other processes. */
export async function bestOf(rounds, setupAndMeasure) {
  let best = Infinity;
  for (let round = 0; round < rounds; round++) best = Math.min(best, await setupAndMeasure(round));
  return best;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function percentile(values, fraction) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

/** Prints one figure as a JSON line; `pass` compares the measured value with its target. */
export function report(figure) {
  const { ratio, target, targetKind = 'min' } = figure;
  const value = figure.ratio ?? figure.medianMs;
  const pass = target === undefined ? undefined : targetKind === 'min' ? value >= target : value <= target;
  console.log(JSON.stringify({ ...figure, ratio: ratio === undefined ? undefined : round(ratio), pass }));
}

export function round(value, digits = 3) {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export function temporaryDirectory(prefix) {
  const directory = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { directory, remove: () => rmSync(directory, { recursive: true, force: true }) };
}
