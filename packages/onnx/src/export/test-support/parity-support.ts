/**
 * Test-only helpers for the converter parity tests: a seeded PRNG, generated data sets,
 * and a runner for exported models. Not part of the public API.
 */
import { InferenceSession, Tensor } from 'onnxruntime-node';

/** mulberry32: a tiny seeded PRNG, so every run trains on the same data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box–Muller). */
export function gaussian(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Rounds to float32. Features are generated float32-representable, so the library (which
 * computes in float64) and the ONNX model (which takes a float32 input) see the same numbers.
 */
export const toFloat32 = Math.fround;

/** A labelled data set split into train and held-out rows. */
export interface SplitData {
  trainX: number[][];
  trainY: number[];
  testX: number[][];
  testY: number[];
}

/** Gaussian blobs around `classCount` random centres; labels are 0…classCount−1. */
export function makeBlobs(options: {
  seed: number;
  rows: number;
  features: number;
  classCount: number;
  spread?: number;
  testFraction?: number;
}): SplitData {
  const random = seededRandom(options.seed);
  const spread = options.spread ?? 1;
  const centres = Array.from({ length: options.classCount }, () =>
    Array.from({ length: options.features }, () => (random() - 0.5) * 8),
  );
  const x: number[][] = [];
  const y: number[] = [];
  for (let row = 0; row < options.rows; row++) {
    const label = row % options.classCount;
    x.push(centres[label]!.map((centre) => toFloat32(centre + gaussian(random) * spread)));
    y.push(label);
  }
  return split(x, y, options.testFraction ?? 0.25, random);
}

/** Rows in random order, the last `testFraction` held out. */
export function split(x: number[][], y: number[], testFraction: number, random: () => number): SplitData {
  const order = x.map((_, index) => index);
  for (let index = order.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [order[index], order[other]] = [order[other]!, order[index]!];
  }
  const testCount = Math.round(x.length * testFraction);
  const trainIndexes = order.slice(0, x.length - testCount);
  const testIndexes = order.slice(x.length - testCount);
  return {
    trainX: trainIndexes.map((index) => x[index]!),
    trainY: trainIndexes.map((index) => y[index]!),
    testX: testIndexes.map((index) => x[index]!),
    testY: testIndexes.map((index) => y[index]!),
  };
}

/** Runs an exported model on rows (as a float32 [N, F] input) and returns its outputs. */
export async function runOnnx(bytes: Uint8Array, rows: number[][], inputName = 'X'): Promise<Record<string, Tensor>> {
  const session = await InferenceSession.create(bytes);
  try {
    const width = rows[0]!.length;
    const input = new Tensor('float32', Float32Array.from(rows.flat()), [rows.length, width]);
    return (await session.run({ [inputName]: input })) as Record<string, Tensor>;
  } finally {
    await session.release();
  }
}

/** Splits a flat [N, K] tensor into rows of plain numbers. */
export function tensorRows(tensor: Tensor): number[][] {
  const [rowCount, width] = tensor.dims as [number, number];
  const data = Array.from(tensor.data as ArrayLike<number>, Number);
  return Array.from({ length: rowCount }, (_, row) => data.slice(row * width, (row + 1) * width));
}

/** An int64 or string tensor's values as numbers or strings. */
export function tensorLabels(tensor: Tensor): (number | string)[] {
  return Array.from(tensor.data as ArrayLike<bigint | string>, (value) => (typeof value === 'bigint' ? Number(value) : value));
}

/** The largest |a − b| over two equally shaped matrices. */
export function maxAbsDiff(actual: number[][], expected: number[][]): number {
  let max = 0;
  expected.forEach((row, rowIndex) =>
    row.forEach((value, column) => {
      max = Math.max(max, Math.abs(actual[rowIndex]![column]! - value));
    }),
  );
  return max;
}

/** The largest |a − b| / max(1, |b|): absolute for small values, relative for large ones. */
export function maxScaledDiff(actual: number[][], expected: number[][]): number {
  let max = 0;
  expected.forEach((row, rowIndex) =>
    row.forEach((value, column) => {
      max = Math.max(max, Math.abs(actual[rowIndex]![column]! - value) / Math.max(1, Math.abs(value)));
    }),
  );
  return max;
}
