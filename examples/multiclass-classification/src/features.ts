import type { Penguin } from '@mlops-ts/example-support';

export const speciesNames = ['Adelie', 'Chinstrap', 'Gentoo'] as const;
/** The model's input columns, in order. */
export const featureNames = ['beakLengthMm', 'beakDepthMm', 'flipperLengthMm', 'bodyMassG'] as const;

/** A penguin as the model's input row (float32-representable numbers). */
export function toFeatures(penguin: Penguin): number[] {
  return featureNames.map((name) => Math.fround(penguin[name]));
}

export function toLabel(penguin: Penguin): number {
  return speciesNames.indexOf(penguin.species as (typeof speciesNames)[number]);
}

/**
 * Per-column scales (the largest absolute training value). ml-logistic-regression trains by
 * plain gradient descent without an intercept, so columns of grams and millimetres need a
 * common scale; dividing (without centring) keeps the model linear in the raw features, so
 * the scales fold into the weights and the exported model takes raw measurements.
 */
export function columnScales(rows: readonly number[][]): number[] {
  return rows[0]!.map((_, column) => Math.max(...rows.map((row) => Math.abs(row[column]!))));
}

export function scaleRows(rows: readonly number[][], scales: readonly number[]): number[][] {
  return rows.map((row) => row.map((value, column) => value / scales[column]!));
}
