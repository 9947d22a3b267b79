import type { Car } from './cars.js';

export const origins = ['USA', 'Europe', 'Japan'] as const;
/** The model's input columns, in order: the numeric measures and the origin one-hot encoded (USA is the baseline). */
export const featureNames = ['cylinders', 'displacement', 'horsepower', 'weightLbs', 'acceleration', 'modelYear', 'isEurope', 'isJapan'] as const;

/** A car as the model's input row (float32-representable numbers). */
export function toFeatures(car: Car): number[] {
  return [car.cylinders, car.displacement, car.horsepower, car.weightLbs, car.acceleration, car.modelYear, car.origin === 'Europe' ? 1 : 0, car.origin === 'Japan' ? 1 : 0].map(Math.fround);
}

/** Root mean squared error, mean absolute error and the coefficient of determination. */
export function regressionMetrics(actual: readonly number[], predicted: readonly number[]): { rmse: number; mae: number; r2: number } {
  const mean = actual.reduce((sum, value) => sum + value, 0) / actual.length;
  let squared = 0;
  let absolute = 0;
  let total = 0;
  actual.forEach((value, index) => {
    const error = value - predicted[index]!;
    squared += error * error;
    absolute += Math.abs(error);
    total += (value - mean) ** 2;
  });
  return { rmse: Math.sqrt(squared / actual.length), mae: absolute / actual.length, r2: 1 - squared / total };
}

export function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
