import { describe, expect, it } from 'vitest';
import { loadPenguins } from './penguins.js';
import { readVegaDatasetJson, readVegaDatasetText } from './vega-datasets.js';

describe('vega-datasets files', () => {
  it('readVegaDatasetJson reads a data file from the installed package, without the network', async () => {
    const cars = await readVegaDatasetJson<{ Name: string }>('cars.json');
    expect(cars).toHaveLength(406);
    expect(cars[0]!.Name).toBe('chevrolet chevelle malibu');
  });

  it('readVegaDatasetText rejects a file the package does not ship with NOT_FOUND, naming the file', async () => {
    await expect(readVegaDatasetText('no-such-file.csv')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining("'no-such-file.csv'") });
  });

  it('loadPenguins keeps the 333 penguins with every measurement and a known sex', async () => {
    const penguins = await loadPenguins();
    expect(penguins).toHaveLength(333);
    expect(new Set(penguins.map((penguin) => penguin.sex))).toEqual(new Set(['female', 'male']));
    expect(new Set(penguins.map((penguin) => penguin.species))).toEqual(new Set(['Adelie', 'Chinstrap', 'Gentoo']));
  });
});
