import { readFile } from 'node:fs/promises';

/** One car of the classic auto-mpg data set (shipped by the vega-datasets package), complete rows only. */
export type Car = {
  name: string;
  milesPerGallon: number;
  cylinders: number;
  displacement: number;
  horsepower: number;
  weightLbs: number;
  acceleration: number;
  modelYear: number;
  origin: string;
};

interface RawCar {
  Name: string;
  Miles_per_Gallon: number | null;
  Cylinders: number;
  Displacement: number;
  Horsepower: number | null;
  Weight_in_lbs: number;
  Acceleration: number;
  Year: string;
  Origin: string;
}

/** Reads cars.json from the installed vega-datasets package (its loader would fetch from a CDN; the file is in the package). */
export async function loadCars(): Promise<Car[]> {
  const file = new URL('../data/cars.json', import.meta.resolve('vega-datasets'));
  const raw = JSON.parse(await readFile(file, 'utf8')) as RawCar[];
  return raw
    .filter((car) => car.Miles_per_Gallon !== null && car.Horsepower !== null)
    .map((car) => ({
      name: car.Name,
      milesPerGallon: car.Miles_per_Gallon!,
      cylinders: car.Cylinders,
      displacement: car.Displacement,
      horsepower: car.Horsepower!,
      weightLbs: car.Weight_in_lbs,
      acceleration: car.Acceleration,
      modelYear: Number(car.Year.slice(0, 4)),
      origin: car.Origin,
    }));
}

/** Splits rows into train and test sets after a shuffle with a fixed seed, so every run sees the same split. */
export function splitRows<T>(rows: readonly T[], testFraction: number, seed: number): { train: T[]; test: T[] } {
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
