import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { uiTokens } from './support/global-setup.js';

// The runs table of the seeded 'iris' experiment: 22 top-level runs, run-23 and run-24 (deleted) under run-01.
const { url, seeded } = inject('ui');
let browser: TestBrowser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

async function openRuns(hash = ''): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const { page, context, errors } = await browser.openPage(uiTokens.writer.token);
  await page.goto(`${url}/#/experiments/${seeded.experimentId}${hash}`);
  await page.waitForSelector('.runs-row[data-run-id]');
  return { page, errors, close: () => context.close() };
}

const runNames = (page: Page) => page.locator('.runs-row[data-run-id] .name-cell a').allTextContents();
const total = (page: Page) => page.getByTestId('run-total').textContent();
/** A parameter of the page's state, which lives in the URL's hash. */
const hashParameter = (page: Page, name: string) => new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '').get(name);

test('the filter box filters the runs, keeps the filter in the URL, and shows a syntax error at its position', async () => {
  const { page, errors, close } = await openRuns();
  const box = page.getByLabel('Filter runs');
  await box.fill('metrics.accuracy > 0.9');
  await box.press('Enter');
  await expect.poll(() => total(page)).toBe('2 top-level runs');
  // Newest first; the seed can start both runs in one millisecond, so their order is not asserted.
  expect((await runNames(page)).sort()).toEqual(['run-21', 'run-22']);
  expect(hashParameter(page, 'filter')).toBe('metrics.accuracy > 0.9');

  await box.fill('metrics.accuracy >> 0.9');
  await box.press('Enter');
  const error = page.getByTestId('filter-error');
  await error.waitFor();
  expect(await error.getAttribute('data-offset')).toBe('18');
  expect(await error.textContent()).toContain('position 19');
  expect(await box.getAttribute('aria-invalid')).toBe('true');
  expect(errors.filter((text) => !text.includes('400'))).toEqual([]);
  await close();
});

test('a header sorts by its column in the server, descending first for metrics, then ascending', async () => {
  const { page, close } = await openRuns();
  await page.locator('.runs-head button[data-column="metrics.accuracy"]').click();
  await expect.poll(() => hashParameter(page, 'sort')).toBe('metrics.accuracy DESC');
  await expect.poll(async () => (await runNames(page))[0]).toBe('run-22');
  expect(await page.locator('.runs-head[aria-sort="descending"]').textContent()).toContain('accuracy');
  await page.locator('.runs-head button[data-column="metrics.accuracy"]').click();
  await expect.poll(async () => (await runNames(page)).slice(0, 3)).toEqual(['run-01', 'run-02', 'run-03']);
  await close();
});

test('columns chosen among metrics, params and tags show at once and are remembered for the experiment', async () => {
  const { page, close } = await openRuns();
  await page.getByRole('button', { name: /^Columns/ }).click();
  await page.locator('input[data-column="metrics.f1"]').uncheck();
  await page.locator('input[data-column="tags.owner"]').check();
  await page.keyboard.press('Escape');
  await expect.poll(() => page.locator('.runs-head').allTextContents()).toContain('owner');
  expect(await page.locator('.runs-head').allTextContents()).not.toContain('f1');
  // A plain link to the experiment: the choice comes back from this browser's storage.
  await page.goto(`${url}/#/`);
  await page.goto(`${url}/#/experiments/${seeded.experimentId}`);
  await page.waitForSelector('.runs-row[data-run-id]');
  const headers = await page.locator('.runs-head').allTextContents();
  expect(headers).toContain('owner');
  expect(headers).not.toContain('f1');
  expect(await page.locator(`.runs-row[data-run-id="${seeded.runs['run-02']}"] .runs-cell`).allTextContents()).toContain('ada');
  await close();
});

test('child runs open under their parent, deleted runs appear behind the toggle, and the flat list counts them all', async () => {
  const { page, close } = await openRuns();
  const parent = page.locator(`.runs-row[data-run-id="${seeded.runs['run-01']}"]`);
  await parent.scrollIntoViewIfNeeded();
  await expect.poll(() => parent.locator('button.expander').getAttribute('aria-label')).toBe('Expand 1 child runs');
  await parent.locator('button.expander').click();
  await expect.poll(() => page.locator(`.runs-row.child-run[data-run-id="${seeded.runs['run-23']}"]`).count()).toBe(1);
  await page.getByLabel('Show deleted runs').check();
  // Still open: the deleted child joins its sibling.
  await expect.poll(() => parent.locator('button.expander').getAttribute('aria-label')).toBe('Collapse 2 child runs');
  await expect.poll(() => page.locator(`.runs-row.deleted[data-run-id="${seeded.runs['run-24']}"]`).count()).toBe(1);
  await page.getByLabel('Group child runs under their parent').uncheck();
  await expect.poll(() => total(page)).toBe('24 runs');
  await close();
});

test('keyboard: the grid moves its cursor with the arrows, Home and End, selects with Space and opens a run with Enter', async () => {
  const { page, close } = await openRuns();
  const grid = page.getByTestId('runs-grid');
  await grid.focus();
  await page.keyboard.press('End');
  await expect.poll(() => grid.getAttribute('aria-activedescendant')).toBe('run-line-21');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => grid.getAttribute('aria-activedescendant')).toBe('run-line-1');
  // The second line's run: runs the seed started in one millisecond may come in either order.
  const second = (await runNames(page))[1]!;
  await page.keyboard.press(' ');
  await expect.poll(() => hashParameter(page, 'sel')).toBe(seeded.runs[second]);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`h1:text("${second}")`);
  await close();
});

test('selected runs open the compare view: differing params highlighted, metrics side by side, charts overlaid', async () => {
  const { page, errors, close } = await openRuns();
  for (const name of ['run-03', 'run-12']) await page.getByLabel(`Select run ${name}`).check();
  await page.getByRole('button', { name: 'Compare 2 runs' }).click();
  await page.waitForSelector('[data-chart="loss"][data-drawn]');
  const row = (key: string) => page.locator('table[aria-label="Params compared"] tr', { has: page.locator(`th:text-is("${key}")`) });
  expect(await row('learning_rate').getAttribute('data-differs')).toBe('true');
  expect(await row('optimizer').getAttribute('data-differs')).toBe('false');
  expect(await row('learning_rate').locator('td').allTextContents()).toEqual(['0.003', '0.012']);
  const series = await page.evaluate(() => (document.querySelector('[data-chart="loss"]') as HTMLElement & { uplot: { series: { label: string }[] } }).uplot.series.map((line) => line.label));
  expect(series).toEqual(['step', 'run-03', 'run-12']);
  expect(errors).toEqual([]);
  await close();
});
