import type { Penguin } from '@mlops-ts/example-support';

export const speciesNames = ['Adelie', 'Chinstrap', 'Gentoo'] as const;
/** The model's input columns, in order: four measurements and the species one-hot encoded. */
export const featureNames = ['beakLengthMm', 'beakDepthMm', 'flipperLengthMm', 'bodyMassG', ...speciesNames.map((name) => `is${name}`)];
export const sexLabels = ['female', 'male'] as const;

/** A penguin as the model's input row (float32-representable numbers). */
export function toFeatures(penguin: Penguin): number[] {
  const measures = [penguin.beakLengthMm, penguin.beakDepthMm, penguin.flipperLengthMm, penguin.bodyMassG];
  return [...measures, ...speciesNames.map((name) => (penguin.species === name ? 1 : 0))].map(Math.fround);
}

export function toLabel(penguin: Penguin): number {
  return sexLabels.indexOf(penguin.sex);
}
