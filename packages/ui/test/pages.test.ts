import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { uiTokens } from './support/global-setup.js';

// Every page of the UI against the real server and the seeded store, with screenshots.
const { url, seeded } = inject('ui');
const screenshots = process.env.MLOPS_UI_SCREENSHOTS ?? path.resolve(fileURLToPath(import.meta.url), '../../test-results/screenshots');
let browser: TestBrowser;
beforeAll(async () => {
  browser = await launchBrowser();
  await mkdir(screenshots, { recursive: true });
});
afterAll(() => browser?.close());

const pages = [
  { name: 'experiments', hash: '#/', ready: 'table[aria-label="Experiments"] td[data-testid="run-count"]:text("23")' },
  { name: 'runs', hash: () => `#/experiments/${seeded.experimentId}`, ready: '.runs-row[data-run-id]' },
  { name: 'run', hash: () => `#/runs/${seeded.runs['run-07']}`, ready: '[data-chart="loss"][data-drawn]' },
  { name: 'compare', hash: () => `#/compare?runs=${seeded.runs['run-03']},${seeded.runs['run-07']},${seeded.runs['run-12']}`, ready: '[data-chart="loss"][data-drawn]' },
  { name: 'models', hash: '#/models', ready: 'table[aria-label="Registered models"] a:text("iris-classifier")' },
  { name: 'model', hash: () => `#/models/${seeded.registeredModelId}`, ready: 'tr[data-version="2"] [data-testid="aliases"]' },
  { name: 'deployments', hash: '#/deployments', ready: 'tr[data-target="Production"] [data-testid="serves"]' },
];

for (const { name, hash, ready } of pages) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`the ${name} page renders in the ${colorScheme} theme with no console error`, async () => {
      const { page, context, errors } = await browser.openPage(uiTokens.writer.token, { colorScheme });
      await page.goto(`${url}/${typeof hash === 'function' ? hash() : hash}`);
      await page.waitForSelector(ready);
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: path.join(screenshots, `${name}-${colorScheme}.png`), fullPage: name !== 'runs' });
      expect(errors).toEqual([]);
      await context.close();
    });
  }
}

test('a server with tokens asks for one once, keeps it for the session, and a read-only token gets a read-only UI', async () => {
  const { page, context, errors } = await browser.openPage(null);
  await page.goto(`${url}/#/deployments`);
  await page.getByLabel('Token').fill('not-a-token-of-this-server');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.getByRole('alert').textContent()).toContain('not one this server accepts');
  await page.getByLabel('Token').fill(uiTokens.reader.token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForSelector('tr[data-target="Production"]');
  expect(await page.getByTestId('principal').textContent()).toContain('dashboard · read-only');
  expect(await page.getByRole('button', { name: 'Deploy' }).count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Undeploy' }).count()).toBe(0);
  // Kept for the session: a reload does not ask again.
  await page.reload();
  await page.waitForSelector('tr[data-target="Production"]');
  await page.goto(`${url}/#/models/${seeded.registeredModelId}`);
  await page.waitForSelector('tr[data-version="1"]');
  expect(await page.getByRole('button', { name: /alias/i }).count()).toBe(0);
  // 401s of the wrong token are the browser's own console lines; nothing else.
  expect(errors.filter((error) => !error.includes('401'))).toEqual([]);
  await context.close();
});
