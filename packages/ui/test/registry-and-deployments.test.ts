import { loadDeployedModel } from '@mlops-ts/onnx';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { uiTokens } from './support/global-setup.js';
import { openStore } from './support/seed.js';

// Actions from the UI, checked with the library over the same store the server serves.
const { url, paths, seeded } = inject('ui');
let browser: TestBrowser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

test('an alias moved from the UI, after a confirmation, is what the library resolves', async () => {
  await using mlops = await openStore(paths);
  expect((await mlops.model.getModelVersionByAlias('iris-classifier', 'champion')).version).toBe(1);
  const { page, context, errors } = await browser.openPage(uiTokens.writer.token);
  await page.goto(`${url}/#/models/${seeded.registeredModelId}`);
  await page.getByLabel('Alias', { exact: true }).fill('champion');
  await page.getByLabel('Version', { exact: true }).selectOption({ label: '2' });
  await page.getByRole('button', { name: 'Move alias' }).click();
  const dialog = page.getByRole('dialog');
  expect(await dialog.textContent()).toContain('Move @champion from version 1 to version 2?');
  await dialog.getByRole('button', { name: 'Move' }).click();
  await page.waitForSelector('tr[data-version="2"] [data-testid="aliases"]:has-text("@champion")');
  expect((await mlops.model.getModelVersionByAlias('iris-classifier', 'champion')).version).toBe(2);
  expect(errors).toEqual([]);
  await context.close();
});

test('a deploy from the UI, after a confirmation, changes what loadDeployedModel serves', async () => {
  await using mlops = await openStore(paths);
  await using predictor = await loadDeployedModel(mlops, { model: 'iris-classifier', target: 'Production', pollIntervalMs: 0 });
  const predict = async (x: number) => ((await predictor.predict({ X: [[x]] })).variable as number[][])[0]![0]!;
  expect(await predict(5)).toBe(10);
  const { page, context, errors } = await browser.openPage(uiTokens.writer.token);
  await page.goto(`${url}/#/deployments`);
  await page.getByLabel('Registered model', { exact: true }).selectOption({ label: 'iris-classifier' });
  await page.getByLabel('Version', { exact: true }).selectOption({ label: '2 (@champion)' }).catch(() => page.getByLabel('Version', { exact: true }).selectOption({ index: 0 }));
  await page.getByLabel('Target', { exact: true }).selectOption({ label: 'Production' });
  await page.getByRole('button', { name: 'Deploy', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Deploy' }).click();
  await page.waitForSelector('tr[data-target="Production"] [data-testid="serves"]:text("version 2")');
  await predictor.refresh();
  expect(predictor.info()).toMatchObject({ model: 'iris-classifier', version: 2, target: 'Production' });
  expect(await predict(5)).toBe(15);
  expect(await page.locator('table[aria-label="Deployment history"] tbody tr').first().textContent()).toContain('ci-writer');
  expect(errors).toEqual([]);
  await context.close();
});
