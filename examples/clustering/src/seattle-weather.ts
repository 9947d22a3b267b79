import { readFile } from 'node:fs/promises';

/** One day of Seattle weather, 2012–2015 (shipped by the vega-datasets package). */
export type WeatherDay = {
  date: string;
  precipitationMm: number;
  tempMaxC: number;
  tempMinC: number;
  windMs: number;
  weather: string;
};

/** Reads seattle-weather.csv from the installed vega-datasets package (its loader would fetch from a CDN; the file is in the package). */
export async function loadSeattleWeather(): Promise<WeatherDay[]> {
  const file = new URL('../data/seattle-weather.csv', import.meta.resolve('vega-datasets'));
  const [header, ...lines] = (await readFile(file, 'utf8')).trim().split(/\r?\n/);
  const columns = header!.split(',');
  const expected = ['date', 'precipitation', 'temp_max', 'temp_min', 'wind', 'weather'];
  if (columns.join() !== expected.join()) throw new Error(`seattle-weather.csv has columns ${columns.join(', ')}, not ${expected.join(', ')}: the vega-datasets release changed it.`);
  // A plain CSV: no quoted fields, so splitting on commas is exact.
  return lines.map((line) => {
    const [date, precipitation, tempMax, tempMin, wind, weather] = line.split(',');
    return { date: date!, precipitationMm: Number(precipitation), tempMaxC: Number(tempMax), tempMinC: Number(tempMin), windMs: Number(wind), weather: weather! };
  });
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
