import { readFile } from 'node:fs/promises';

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

/** Reads penguins.json from the installed vega-datasets package (its loader would fetch from a CDN; the file is in the package). */
export async function loadPenguins(): Promise<Penguin[]> {
  const file = new URL('../data/penguins.json', import.meta.resolve('vega-datasets'));
  const raw = JSON.parse(await readFile(file, 'utf8')) as RawPenguin[];
  const penguins: Penguin[] = [];
  for (const row of raw) {
    const sex = row.Sex?.toLowerCase();
    const measures = [row['Beak Length (mm)'], row['Beak Depth (mm)'], row['Flipper Length (mm)'], row['Body Mass (g)']];
    if ((sex !== 'female' && sex !== 'male') || measures.some((value) => typeof value !== 'number')) continue;
    const [beakLengthMm, beakDepthMm, flipperLengthMm, bodyMassG] = measures as number[];
    penguins.push({ species: row.Species, island: row.Island, beakLengthMm: beakLengthMm!, beakDepthMm: beakDepthMm!, flipperLengthMm: flipperLengthMm!, bodyMassG: bodyMassG!, sex });
  }
  return penguins;
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
