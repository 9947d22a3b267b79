import { createHash } from 'node:crypto';
import { uuidv7 } from '@mlops-ts/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, testTokens, type TestServer } from './support/test-server.js';

let api: TestServer;
let run: { id: string };
let artifact: { id: string; name: string };
beforeAll(async () => {
  api = await startTestServer();
  const experiment = (await api.json('POST', '/api/v1/experiments', { body: { name: 'iris-tuning' } })).body;
  run = (await api.json('POST', '/api/v1/runs', { body: { experimentId: experiment.id } })).body;
  const bytes = Buffer.from('model bytes');
  await api.request('PUT', `/api/v1/blobs/runs/${run.id}/model.onnx`, { rawBody: bytes });
  artifact = (
    await api.json('POST', `/api/v1/runs/${run.id}/artifacts`, { body: { name: 'model.onnx', sizeBytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') } })
  ).body;
});
afterAll(() => api.stop());

async function newRegisteredModel(name: string): Promise<{ id: string; name: string }> {
  const { status, body } = await api.json('POST', '/api/v1/registered-models', { body: { name, description: 'flowers', tags: { team: 'vision' } } });
  expect(status).toBe(200);
  return body;
}

async function register(modelId: string, body: Record<string, unknown> = {}) {
  return api.json('POST', `/api/v1/registered-models/${modelId}/versions`, { body: { runId: run.id, runArtifactId: artifact.id, artifactPath: 'model.onnx', ...body } });
}

describe('registered models and versions', () => {
  test('versions number 1, 2, 3 per registered model, never reused, and record the token name as registeredBy', async () => {
    const model = await newRegisteredModel('iris-classifier');
    expect((await api.json('POST', '/api/v1/registered-models', { body: { name: 'iris-classifier' } })).body.id).toBe(model.id);
    const first = await register(model.id, { registeredBy: 'someone-else', description: 'baseline', tags: { stage: 'test' } });
    expect(first).toMatchObject({ status: 201, body: { version: 1, modelName: 'iris-classifier', registeredBy: testTokens.writer.name, description: 'baseline', tags: { stage: 'test' }, aliases: [] } });
    const second = await register(model.id);
    expect(second.body.version).toBe(2);
    expect((await api.json('DELETE', `/api/v1/model-versions/${second.body.id}`)).status).toBe(204);
    expect((await register(model.id)).body.version).toBe(3);
    const listed = await api.json('GET', `/api/v1/registered-models/${model.id}/versions`);
    expect(listed.body.modelVersions.map((version: { version: number }) => version.version)).toEqual([1, 3]);
    expect((await api.json('GET', `/api/v1/registered-models/${model.id}/versions?version=3`)).body.modelVersions).toHaveLength(1);
    expect((await api.json('GET', `/api/v1/registered-models/${model.id}/versions?version=2`)).body.modelVersions).toEqual([]);
    expect((await api.json('GET', `/api/v1/model-versions/${first.body.id}`)).body).toEqual(first.body);
  });

  test('a version keeps the id the client assigned and registers a folder of artifacts', async () => {
    const model = await newRegisteredModel('folder-model');
    const id = uuidv7();
    const folder = await api.json('POST', `/api/v1/registered-models/${model.id}/versions`, { body: { id, runId: run.id, artifactPath: 'model/', registeredAt: 1_700_000_000_000 } });
    expect(folder.body).toMatchObject({ id, runArtifactId: null, artifactPath: 'model/', registeredAt: 1_700_000_000_000 });
  });

  test('descriptions and tags of versions and registered models change, and a rename shows on every version', async () => {
    const model = await newRegisteredModel('churn');
    const version = (await register(model.id)).body;
    expect((await api.json('PATCH', `/api/v1/model-versions/${version.id}`, { body: { description: 'retrained' } })).body.description).toBe('retrained');
    await api.json('PATCH', `/api/v1/model-versions/${version.id}/tags`, { body: { tags: { a: '1', b: '2' } } });
    expect((await api.json('DELETE', `/api/v1/model-versions/${version.id}/tags?key=a&key=missing`)).status).toBe(204);
    expect((await api.json('GET', `/api/v1/model-versions/${version.id}`)).body.tags).toEqual({ b: '2' });

    const renamed = await api.json('PATCH', `/api/v1/registered-models/${model.id}`, { body: { name: 'churn-v2', description: null } });
    expect(renamed.body).toMatchObject({ name: 'churn-v2', description: null });
    expect((await api.json('GET', `/api/v1/model-versions/${version.id}`)).body.modelName).toBe('churn-v2');
    await api.json('PATCH', `/api/v1/registered-models/${model.id}/tags`, { body: { tags: { owner: 'growth' } } });
    await api.json('DELETE', `/api/v1/registered-models/${model.id}/tags?key=team`);
    expect((await api.json('GET', `/api/v1/registered-models/${model.id}`)).body.tags).toEqual({ owner: 'growth' });
    expect((await api.json('GET', '/api/v1/registered-models?name=churn-v2')).body.registeredModels.map((found: { id: string }) => found.id)).toEqual([model.id]);

    expect(await api.json('PATCH', `/api/v1/registered-models/${model.id}`, { body: { name: 'iris-classifier' } })).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
    for (const name of ['with/slash', 'with@at']) {
      expect(await api.json('POST', '/api/v1/registered-models', { body: { name } })).toMatchObject({ status: 400, body: { code: 'INVALID_ARGUMENT' } });
      expect(await api.json('PATCH', `/api/v1/registered-models/${model.id}`, { body: { name } })).toMatchObject({ status: 400, body: { code: 'INVALID_ARGUMENT' } });
    }
  });

  test('an alias points at one version, moves, resolves through models:/ URIs, and bad names are refused', async () => {
    const model = await newRegisteredModel('aliased');
    const one = (await register(model.id)).body;
    const two = (await register(model.id)).body;
    expect((await api.json('PUT', `/api/v1/registered-models/${model.id}/aliases/champion`, { body: { modelVersionId: one.id } })).status).toBe(204);
    expect((await api.json('GET', `/api/v1/registered-models/${model.id}/aliases/champion`)).body.id).toBe(one.id);
    expect((await api.json('PUT', `/api/v1/registered-models/${model.id}/aliases/champion`, { body: { modelVersionId: two.id } })).status).toBe(204);
    expect((await api.json('GET', `/api/v1/model-versions/${two.id}`)).body.aliases).toEqual(['champion']);
    expect((await api.json('GET', `/api/v1/model-versions/${one.id}`)).body.aliases).toEqual([]);
    const resolved = await api.json('GET', `/api/v1/model-versions/resolve?uri=${encodeURIComponent('models:/aliased@champion')}`, { token: testTokens.reader.token });
    expect(resolved.body.id).toBe(two.id);
    expect((await api.json('GET', `/api/v1/model-versions/resolve?uri=${encodeURIComponent('models:/aliased/latest')}`)).body.id).toBe(two.id);
    for (const alias of ['latest', '3', 'v3', 'has.dot']) {
      expect(await api.json('PUT', `/api/v1/registered-models/${model.id}/aliases/${alias}`, { body: { modelVersionId: one.id } }), alias).toMatchObject({ status: 400, body: { code: 'INVALID_ARGUMENT' } });
    }
    expect((await api.json('DELETE', `/api/v1/registered-models/${model.id}/aliases/champion`)).status).toBe(204);
    expect((await api.json('GET', `/api/v1/registered-models/${model.id}/aliases/champion`)).status).toBe(404);
    expect((await api.json('GET', `/api/v1/model-versions/resolve?uri=${encodeURIComponent('models:/aliased@champion')}`)).status).toBe(404);
  });

  test('searches of versions and registered models page with tokens, and the store-contract pages skip by offset', async () => {
    const model = await newRegisteredModel('searched');
    const ids = [];
    for (let index = 0; index < 3; index++) ids.push((await register(model.id, { tags: { round: String(index) } })).body.id);
    const reader = testTokens.reader.token;
    const first = await api.json('POST', '/api/v1/model-versions/search', { token: reader, body: { filter: "name = 'searched'", orderBy: ['version ASC'], limit: 2 } });
    expect(first.body.modelVersions.map((version: { id: string }) => version.id)).toEqual(ids.slice(0, 2));
    const next = await api.json('POST', '/api/v1/model-versions/search', { token: reader, body: { filter: "name = 'searched'", orderBy: ['version ASC'], limit: 2, pageToken: first.body.nextPageToken } });
    expect(next.body.modelVersions.map((version: { id: string }) => version.id)).toEqual(ids.slice(2));
    const page = await api.json('POST', '/api/v1/model-versions/search-page', { token: reader, body: { filter: "name = 'searched' and tags.round != '0'", orderBy: ['version DESC'], limit: 1, offset: 1 } });
    expect(page.body).toMatchObject({ hasMore: false });
    expect(page.body.modelVersions.map((version: { id: string }) => version.id)).toEqual([ids[1]]);
    const models = await api.json('POST', '/api/v1/registered-models/search', { token: reader, body: { filter: "name LIKE 'search%'" } });
    expect(models.body.registeredModels.map((found: { id: string }) => found.id)).toEqual([model.id]);
    const modelsPage = await api.json('POST', '/api/v1/registered-models/search-page', { token: reader, body: { filter: "name = 'searched'", limit: 10, offset: 0 } });
    expect(modelsPage.body).toMatchObject({ hasMore: false, registeredModels: [{ id: model.id }] });
  });

  test('deleting a registered model removes it and its versions', async () => {
    const model = await newRegisteredModel('short-lived');
    const version = (await register(model.id)).body;
    expect((await api.json('DELETE', `/api/v1/registered-models/${model.id}`)).status).toBe(204);
    expect((await api.json('GET', `/api/v1/registered-models/${model.id}`)).status).toBe(404);
    expect((await api.json('GET', `/api/v1/model-versions/${version.id}`)).status).toBe(404);
  });
});

describe('deployments', () => {
  test('a deployment records the token name as deployedBy, and lists by registered model and target', async () => {
    const model = await newRegisteredModel('deployed');
    const version = (await register(model.id)).body;
    const target = (await api.json('POST', '/api/v1/deployment-targets', { body: { name: 'Stage' } })).body;
    const key = `deployments/${model.id}/${target.id}/model.onnx`;
    expect((await api.json('POST', '/api/v1/blobs/copy', { body: { sourceKey: `runs/${run.id}/model.onnx`, destinationKey: key } })).status).toBe(204);
    const deployed = await api.json('POST', '/api/v1/deployments', {
      body: { deploymentTargetId: target.id, registeredModelId: model.id, modelVersionId: version.id, deployedBy: 'someone-else', uri: 'file:///models/x' },
    });
    expect(deployed).toMatchObject({ status: 201, body: { deployedBy: testTokens.writer.name, modelVersionId: version.id } });
    const undeployed = await api.json('POST', '/api/v1/deployments', { body: { deploymentTargetId: target.id, registeredModelId: model.id, modelVersionId: null, uri: null } });
    expect(undeployed.status).toBe(201);
    const history = await api.json('GET', `/api/v1/deployments?registeredModelId=${model.id}&deploymentTargetId=${target.id}`, { token: testTokens.reader.token });
    expect(history.body.deployments.map((deployment: { id: string }) => deployment.id)).toEqual([deployed.body.id, undeployed.body.id]);
    // The core reads the same records: nothing is served after the undeploy record.
    expect((await api.mlops.deployment.getDeployments('deployed')).map((deployment) => deployment.id)).toEqual([deployed.body.id, undeployed.body.id]);
    expect(
      await api.json('POST', '/api/v1/deployments', { body: { deploymentTargetId: uuidv7(), registeredModelId: model.id, modelVersionId: version.id, uri: null } }),
    ).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });

  test('on a server without tokens, writes keep the author the client names', async () => {
    const open = await startTestServer({ tokens: [] });
    try {
      const experiment = (await open.json('POST', '/api/v1/experiments', { body: { name: 'open' } })).body;
      const openRun = (await open.json('POST', '/api/v1/runs', { body: { experimentId: experiment.id } })).body;
      const model = (await open.json('POST', '/api/v1/registered-models', { body: { name: 'open-model' } })).body;
      const named = await open.json('POST', `/api/v1/registered-models/${model.id}/versions`, { body: { runId: openRun.id, artifactPath: 'model/', registeredBy: 'alice' } });
      expect(named.body.registeredBy).toBe('alice');
      const unnamed = await open.json('POST', `/api/v1/registered-models/${model.id}/versions`, { body: { runId: openRun.id, artifactPath: 'model/' } });
      expect(unnamed.body.registeredBy).toBe('anonymous');
    } finally {
      await open.stop();
    }
  });
});
