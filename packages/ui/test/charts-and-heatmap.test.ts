import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { uiTokens } from './support/global-setup.js';

const { url, seeded } = inject('ui');
let browser: TestBrowser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

type Drawn = { data: (number | null)[][]; width: number; scaleDistr: number };

/** What uPlot drew for a metric: its data columns (steps, values) and the plot's pixel width. */
async function drawn(page: Page, metric: string, after = 0): Promise<Drawn> {
  await page.waitForFunction(([key, since]) => Number((document.querySelector(`[data-chart="${key}"]`) as HTMLElement | null)?.dataset.drawn ?? -1) > since, [metric, after] as const);
  return page.evaluate((key) => {
    const plot = (document.querySelector(`[data-chart="${key}"]`) as HTMLElement & { uplot: { data: (number | null)[][]; width: number; scales: { y: { distr: number } } } }).uplot;
    return { data: plot.data.map((column) => [...column]), width: plot.width, scaleDistr: plot.scales.y.distr };
  }, metric);
}

async function openRun(hash = ''): Promise<{ page: Page; close: () => Promise<void> }> {
  const { page, context } = await browser.openPage(uiTokens.writer.token);
  await page.goto(`${url}/#/runs/${seeded.runs['run-07']}${hash}`);
  return { page, close: () => context.close() };
}

test('a chart draws the seeded history: every step and value of 400 points', async () => {
  const { page, close } = await openRun();
  const { data } = await drawn(page, 'loss');
  expect(data[0]).toEqual(seeded.lossHistory.map((point) => point.step));
  expect(data[1]!.map((value) => Number(value!.toFixed(12)))).toEqual(seeded.lossHistory.map((point) => Number(point.value.toFixed(12))));
  await close();
});

test('a long history is read down-sampled to the pixel width, and a zoomed range is read again at full detail', async () => {
  const { page, close } = await openRun();
  const overview = await drawn(page, 'long_metric');
  const steps = overview.data[0] as number[];
  expect(steps.length).toBeLessThan(seeded.longHistorySteps);
  expect(steps.length).toBeLessThanOrEqual(4 * overview.width);
  expect(steps[0]).toBe(0);
  expect(steps.at(-1)).toBe(seeded.longHistorySteps - 1);
  // Drag across the middle of the plot: the zoom goes to the URL and the range is read again.
  const box = (await page.locator('[data-chart="long_metric"] .u-over').boundingBox())!;
  const since = await page.evaluate(() => Number((document.querySelector('[data-chart="long_metric"]') as HTMLElement).dataset.drawn));
  await page.mouse.move(box.x + box.width * 0.45, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.47, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  const zoom = () => new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '').get('zoom');
  await expect.poll(zoom).toMatch(/^\d+~\d+$/);
  const [min, max] = zoom()!.split('~').map(Number) as [number, number];
  const zoomed = await drawn(page, 'long_metric', since);
  const zoomedSteps = zoomed.data[0] as number[];
  expect(zoomedSteps).toEqual(Array.from({ length: max - min + 1 }, (_, index) => min + index));
  await close();
});

test('a deep link restores zoom, log scale and smoothing', async () => {
  const { page, close } = await openRun('?zoom=1000~1100&log=1&smooth=0.5');
  const loss = await drawn(page, 'loss');
  expect(loss.scaleDistr).toBe(3);
  const long = await drawn(page, 'long_metric');
  expect(long.data[0]).toEqual(Array.from({ length: 101 }, (_, index) => 1000 + index));
  expect(await page.getByLabel('Log scale').isChecked()).toBe(true);
  expect(await page.locator('output').first().textContent()).toBe('0.50');
  await close();
});

test('the confusion matrix heatmap shows the seeded counts with per-class precision and recall', async () => {
  const { page, close } = await openRun();
  const matrix = page.getByTestId('confusion-matrix');
  await matrix.waitFor();
  const counts = await matrix.locator('td.cell').evaluateAll((cells) => cells.map((cell) => Number((cell as HTMLElement).dataset.count)));
  expect(counts).toEqual(seeded.confusion.counts.flat());
  expect(await matrix.locator('td.cell').allTextContents()).toEqual(seeded.confusion.counts.flat().map(String));
  // Precision of setosa: 13 / (13 + 2 + 0); recall of virginica: 16 / (0 + 4 + 16).
  expect((await matrix.getByTestId('precision').allTextContents())[0]).toBe('0.866667');
  expect((await matrix.getByTestId('recall').allTextContents())[2]).toBe('0.8');
  await close();
});
