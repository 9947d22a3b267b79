import { readVegaDatasetText } from '@mlops-ts/example-support';

/** One day of Seattle weather, 2012–2015 (shipped by the vega-datasets package). */
export type WeatherDay = {
  date: string;
  precipitationMm: number;
  tempMaxC: number;
  tempMinC: number;
  windMs: number;
  weather: string;
};

/** The 1,461 days of vega-datasets' seattle-weather.csv. */
export async function loadSeattleWeather(): Promise<WeatherDay[]> {
  const [header, ...lines] = (await readVegaDatasetText('seattle-weather.csv')).trim().split(/\r?\n/);
  const columns = header!.split(',');
  const expected = ['date', 'precipitation', 'temp_max', 'temp_min', 'wind', 'weather'];
  if (columns.join() !== expected.join()) throw new Error(`seattle-weather.csv has columns ${columns.join(', ')}, not ${expected.join(', ')}: the vega-datasets release changed it.`);
  // A plain CSV: no quoted fields, so splitting on commas is exact.
  return lines.map((line) => {
    const [date, precipitation, tempMax, tempMin, wind, weather] = line.split(',');
    return { date: date!, precipitationMm: Number(precipitation), tempMaxC: Number(tempMax), tempMinC: Number(tempMin), windMs: Number(wind), weather: weather! };
  });
}
