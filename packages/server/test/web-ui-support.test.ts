import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import os from 'node:os';
import path from 'node:path';
import { MLOpsBuilder } from '@mlops-ts/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTrackingServer } from '../src/index.js';
import { startTestServer, testTokens, type TestServer } from './support/test-server.js';

// What the web UI needs from the server: its files at / without a token, the token's scope,
// filter errors with their position, random access into run searches, and deployments made
// by the server's own core.
let uiFolder: string;
let test_: TestServer;
beforeAll(async () => {
  uiFolder = await mkdtemp(path.join(os.tmpdir(), 'mlops-ui-files-'));
  await mkdir(path.join(uiFolder, 'assets'));
  await writeFile(path.join(uiFolder, 'index.html'), '<!doctype html><title>MLOps.ts</title><script type="module" src="./assets/app-1.js"></script>');
  await writeFile(path.join(uiFolder, 'assets/app-1.js'), 'console.log(1)');
  await writeFile(path.join(os.tmpdir(), 'outside-ui.txt'), 'secret');
  test_ = await startTestServer({ ui: { root: uiFolder } });
});
afterAll(async () => {
  await test_?.stop();
  await rm(uiFolder, { recursive: true, force: true });
});

describe('ui option', () => {
  test('serves the page and its assets at / without a token, the page with a content security policy and no caching', async () => {
    const page = await test_.request('GET', '/', { token: null });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('<title>MLOps.ts</title>');
    const asset = await test_.request('GET', '/assets/app-1.js', { token: null });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await asset.text()).toBe('console.log(1)');
    // The API still needs one.
    expect((await test_.request('GET', '/api/v1/experiments', { token: null })).status).toBe(401);
  });

  test('answers no file outside the UI folder and 404 for a missing asset', async () => {
    for (const url of ['/assets/../../outside-ui.txt', '/assets/%2e%2e/%2e%2e/outside-ui.txt', '/assets/..%2f..%2foutside-ui.txt']) {
      const response = await test_.request('GET', url, { token: null });
      expect(response.status, url).toBeGreaterThanOrEqual(400);
      expect(await response.text()).not.toContain('secret');
    }
    expect((await test_.request('GET', '/assets/missing.js', { token: null })).status).toBe(404);
  });

  test('refuses a bad ui option and a folder without a built UI, naming the fix', async () => {
    await using mlops = await new MLOpsBuilder({ captureRunContext: false }).useInMemoryMetadataStore().useLocalFileModelRepository(path.join(uiFolder, 'models')).build();
    await expect(createTrackingServer(mlops, { port: 0, ui: { root: os.tmpdir() + '/no-such-ui' } })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('index.html') });
    await expect(createTrackingServer(mlops, { port: 0, ui: 'yes' as never })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

test('whoami answers the token name and scope, and 401 without a token', async () => {
  expect(await test_.json('GET', '/api/v1/whoami', { token: testTokens.reader.token })).toEqual({ status: 200, body: { name: 'dashboard', scope: 'read', isAuthenticated: true } });
  expect((await test_.json('GET', '/api/v1/whoami')).body).toMatchObject({ name: 'ci-writer', scope: 'write' });
  expect((await test_.json('GET', '/api/v1/whoami', { token: null })).status).toBe(401);
});

test('a filter that does not parse answers the 0-based offset of the problem beside the message', async () => {
  const experiment = await test_.mlops.lifecycle.createExperiment('filter-errors');
  const { status, body } = await test_.json('POST', '/api/v1/runs/search', { body: { experiments: [experiment.id], filter: 'metrics.accuracy >> 0.9' } });
  expect(status).toBe(400);
  expect(body).toMatchObject({ code: 'INVALID_ARGUMENT', offset: 18, message: expect.stringContaining('position 19') });
});

test('run searches read any page by offset and count the matches', async () => {
  const experiment = await test_.mlops.lifecycle.createExperiment('random-access');
  for (let index = 0; index < 12; index++) {
    const run = await test_.mlops.lifecycle.createRun(experiment.id, { name: `r${index}` });
    await test_.mlops.evaluation.logMetric(run.id, 'score', index);
  }
  const { status, body } = await test_.json('POST', '/api/v1/runs/search', {
    body: { experiments: [experiment.id], orderBy: ['metrics.score DESC'], offset: 9, limit: 2, includeTotal: true },
    token: testTokens.reader.token,
  });
  expect(status).toBe(200);
  expect(body.runs.map((run: { name: string }) => run.name)).toEqual(['r2', 'r1']);
  expect(body.total).toBe(12);
  expect(body.nextPageToken).toEqual(expect.any(String));
});

test('deploy, rollback and undeploy routes run the deployment catalog on the server: the target serves the new copy, the history names the token', async () => {
  const { mlops } = test_;
  const run = await mlops.lifecycle.createRun('deploy-actions');
  const artifacts = [];
  for (const [name, body] of [['v1.onnx', 'first model'], ['v2.onnx', 'second model']] as const) {
    artifacts.push(await mlops.model.upload(run.id, new TextEncoder().encode(body), { name }));
  }
  const first = await mlops.model.registerModel('deploy-actions', artifacts[0]!, 'ci', { model: 'actions-model' });
  const second = await mlops.model.registerModel('deploy-actions', artifacts[1]!, 'ci', { model: 'actions-model' });
  const target = await mlops.deployment.createDeploymentTarget('Production');
  await mlops.deployment.deployModel(target.id, first.id, 'ci');

  const readOnly = await test_.json('POST', `/api/v1/deployment-targets/${target.id}/deploy`, { body: { modelVersionId: second.id }, token: testTokens.reader.token });
  expect(readOnly.status).toBe(403);
  const deployed = await test_.json('POST', `/api/v1/deployment-targets/${target.id}/deploy`, { body: { modelVersionId: second.id, deployedBy: 'someone-else' } });
  expect(deployed.status).toBe(201);
  expect(deployed.body).toMatchObject({ modelVersionId: second.id, deployedBy: 'ci-writer' });
  expect(await text(await mlops.deployment.openDeployedModel('actions-model', 'Production'))).toBe('second model');

  const rolledBack = await test_.json('POST', `/api/v1/deployment-targets/${target.id}/rollback`, { body: { registeredModelId: first.registeredModelId } });
  expect(rolledBack.body).toMatchObject({ modelVersionId: first.id });
  expect(await text(await mlops.deployment.openDeployedModel('actions-model', 'Production'))).toBe('first model');

  const undeployed = await test_.json('POST', `/api/v1/deployment-targets/${target.id}/undeploy`, { body: { registeredModelId: first.registeredModelId } });
  expect(undeployed.body).toMatchObject({ modelVersionId: null });
  await expect(mlops.deployment.openDeployedModel('actions-model', 'Production')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  expect((await test_.json('POST', `/api/v1/deployment-targets/${target.id}/undeploy`, { body: { registeredModelId: first.registeredModelId } })).status).toBe(404);
});
