import { readVegaDatasetJson } from './vega-datasets.js';

/** One penguin of the Palmer Archipelago data set (shipped by the vega-datasets package), complete rows only. */
export type Penguin = {
  species: string;
  island: string;
  beakLengthMm: number;
  beakDepthMm: number;
  flipperLengthMm: number;
  bodyMassG: number;
  sex: 'female' | 'male';
};

interface RawPenguin {
  Species: string;
  Island: string;
  'Beak Length (mm)': number | null;
  'Beak Depth (mm)': number | null;
  'Flipper Length (mm)': number | null;
  'Body Mass (g)': number | null;
  Sex: string | null;
}

/**
 * The penguins of vega-datasets' penguins.json with all four measurements and a known sex
 * (333 of 344 rows), as both penguin examples (sex and species) train on them.
 */
export async function loadPenguins(): Promise<Penguin[]> {
  const penguins: Penguin[] = [];
  for (const row of await readVegaDatasetJson<RawPenguin>('penguins.json')) {
    const sex = row.Sex?.toLowerCase();
    const measures = [row['Beak Length (mm)'], row['Beak Depth (mm)'], row['Flipper Length (mm)'], row['Body Mass (g)']];
    if ((sex !== 'female' && sex !== 'male') || measures.some((value) => typeof value !== 'number')) continue;
    const [beakLengthMm, beakDepthMm, flipperLengthMm, bodyMassG] = measures as number[];
    penguins.push({ species: row.Species, island: row.Island, beakLengthMm: beakLengthMm!, beakDepthMm: beakDepthMm!, flipperLengthMm: flipperLengthMm!, bodyMassG: bodyMassG!, sex });
  }
  return penguins;
}
