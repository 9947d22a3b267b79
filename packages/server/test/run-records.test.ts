import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { uuidv7 } from '@mlops-ts/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, testTokens, type TestServer } from './support/test-server.js';

let api: TestServer;
let runId: string;
beforeAll(async () => {
  api = await startTestServer();
  const experiment = (await api.json('POST', '/api/v1/experiments', { body: { name: 'records' } })).body;
  runId = (await api.json('POST', '/api/v1/runs', { body: { experimentId: experiment.id } })).body.id;
});
afterAll(() => api.stop());

describe('what a run records', () => {
  test('a confusion matrix with NaN precision reads back as sent, and as numbers through the core', async () => {
    const matrix = { labels: ['cat', 'dog'], counts: [[5, 0], [2, 0]], precision: [5 / 7, 'NaN'], recall: [1, 0] };
    expect((await api.json('PUT', `/api/v1/runs/${runId}/confusion-matrix`, { body: matrix })).status).toBe(204);
    expect((await api.json('GET', `/api/v1/runs/${runId}/confusion-matrix`)).body).toEqual({ runId, ...matrix });
    expect(Number.isNaN((await api.mlops.evaluation.getConfusionMatrix(runId)).precision[1])).toBe(true);
  });

  test('a data set keeps its id, columns and distributions, and a distribution added later joins it', async () => {
    const id = uuidv7();
    const dataSet = {
      id,
      name: 'train',
      sha256: 'a'.repeat(64),
      rowCount: 3,
      columns: [{ name: 'species', type: 'string' }, { name: 'width', type: 'number' }],
      distributions: [{ column: 'species', kind: 'categorical', valueCounts: [{ value: 'setosa', count: 2 }, { value: 'virginica', count: 1 }] }],
      createdAt: 1_700_000_000_000,
    };
    expect((await api.json('POST', `/api/v1/runs/${runId}/data-sets`, { body: dataSet })).status).toBe(204);
    const numeric = {
      column: 'width',
      kind: 'numeric',
      summary: { count: 0, nullCount: 3, min: 'NaN', max: 'NaN', mean: 'NaN', stddev: 'NaN' },
      histogram: { binEdges: ['-Infinity', 0, 'Infinity'], counts: [0, 0] },
      cdf: { values: ['-Infinity', 0, 'Infinity'], counts: [0, 0, 0], isComplete: true },
    };
    expect((await api.json('PUT', `/api/v1/runs/${runId}/data-distributions`, { body: { dataSetName: 'train', distribution: numeric } })).status).toBe(204);
    const listed = await api.json('GET', `/api/v1/runs/${runId}/data-sets`);
    expect(listed.body.dataSets).toEqual([{ ...dataSet, runId, distributions: [...dataSet.distributions, numeric] }]);
    const missing = await api.json('PUT', `/api/v1/runs/${runId}/data-distributions`, { body: { dataSetName: 'test', distribution: numeric } });
    expect(missing).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });

  test('an artifact stored as a blob and recorded with its hash downloads through the core, verified', async () => {
    const bytes = Buffer.from('onnx bytes');
    const key = `runs/${runId}/model.onnx`;
    expect((await api.request('PUT', `/api/v1/blobs/${key}`, { rawBody: bytes })).status).toBe(200);
    const id = uuidv7();
    const recorded = await api.json('POST', `/api/v1/runs/${runId}/artifacts`, {
      body: { id, name: 'model.onnx', sizeBytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), createdAt: 1_700_000_000_000 },
    });
    expect(recorded).toMatchObject({ status: 201, body: { id, runId, name: 'model.onnx', sizeBytes: bytes.length } });
    expect((await api.json('GET', `/api/v1/artifacts/${id}`)).body).toEqual(recorded.body);
    expect((await api.json('GET', `/api/v1/runs/${runId}/artifacts`)).body.artifacts).toEqual([recorded.body]);
    const chunks: Buffer[] = [];
    await api.mlops.model.download(
      runId,
      new Writable({
        write(chunk: Buffer, _encoding, callback) {
          chunks.push(chunk);
          callback();
        },
      }),
    );
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    const again = await api.json('POST', `/api/v1/runs/${runId}/artifacts`, { body: { name: 'model.onnx', sizeBytes: 1, sha256: 'b'.repeat(64) } });
    expect(again).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
  });

  test('a model schema and package dependencies are replaced as a whole', async () => {
    const schema = { inputs: [{ name: 'features', elementType: 'float32', shape: [null, 4] }], outputs: [{ name: 'label', elementType: 'int64', shape: ['N'] }] };
    expect((await api.json('PUT', `/api/v1/runs/${runId}/model-schema`, { body: schema })).status).toBe(204);
    expect((await api.json('GET', `/api/v1/runs/${runId}/model-schema`)).body).toEqual({ runId, ...schema });
    await api.json('PUT', `/api/v1/runs/${runId}/package-dependencies`, { body: { dependencies: [{ name: 'onnxruntime-node', version: '1.30.0' }, { name: 'a', version: '1' }] } });
    await api.json('PUT', `/api/v1/runs/${runId}/package-dependencies`, { body: { dependencies: [{ name: 'onnxruntime-node', version: '1.31.0' }] } });
    expect((await api.json('GET', `/api/v1/runs/${runId}/package-dependencies`)).body.dependencies).toEqual([{ runId, name: 'onnxruntime-node', version: '1.31.0' }]);
  });

  test('deployment targets are created once per name and found by id or name', async () => {
    const id = uuidv7();
    const created = await api.json('POST', '/api/v1/deployment-targets', { body: { id, name: 'Production', isProduction: true, createdAt: 1_700_000_000_000 } });
    expect(created).toEqual({ status: 200, body: { id, name: 'Production', isProduction: true, createdAt: 1_700_000_000_000 } });
    expect((await api.json('POST', '/api/v1/deployment-targets', { body: { name: 'Production' } })).body.id).toBe(id);
    const test = await api.json('POST', '/api/v1/deployment-targets', { body: { name: 'Test' } });
    expect(test.body.isProduction).toBe(false);
    expect((await api.json('GET', `/api/v1/deployment-targets/${id}`, { token: testTokens.reader.token })).body.name).toBe('Production');
    expect((await api.json('GET', '/api/v1/deployment-targets?name=Test')).body.deploymentTargets.map((target: { id: string }) => target.id)).toEqual([test.body.id]);
    expect((await api.json('GET', '/api/v1/deployment-targets')).body.deploymentTargets).toHaveLength(2);
    expect((await api.json('DELETE', `/api/v1/deployment-targets/${test.body.id}`)).status).toBe(204);
    expect((await api.json('GET', `/api/v1/deployment-targets/${test.body.id}`)).status).toBe(404);
    expect(await api.json('DELETE', `/api/v1/deployment-targets/${test.body.id}`)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    // The name can be used again.
    expect((await api.json('POST', '/api/v1/deployment-targets', { body: { name: 'Test' } })).body.id).not.toBe(test.body.id);
  });
});
