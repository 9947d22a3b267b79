import { readVegaDatasetJson } from '@mlops-ts/example-support';

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

/** The cars of vega-datasets' cars.json with a known fuel economy and horsepower (392 of 406 rows). */
export async function loadCars(): Promise<Car[]> {
  const raw = await readVegaDatasetJson<RawCar>('cars.json');
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
