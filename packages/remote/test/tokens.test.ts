import { inspect } from 'node:util';
import { MLOpsBuilder, type MLOpsContext } from '@mlops-ts/core';
import { closedPort, expectMLOpsError, expectNoSecretIn } from '@mlops-ts/provider-tests';
import { afterAll, beforeAll, expect, test } from 'vitest';
import '../src/index.js';
import { RemoteMetadataStore, RemoteModelRepository } from '../src/index.js';
import { startRemoteServer, testTokens, type RemoteTestServer } from './support/remote-servers.js';

let server: RemoteTestServer;
let writer: MLOpsContext;
beforeAll(async () => {
  server = await startRemoteServer({ tokens: [testTokens.writer, testTokens.reader] });
  writer = await new MLOpsBuilder({ captureRunContext: false }).useRemoteTracking(server.url, { token: testTokens.writer.token }).build();
});
afterAll(async () => {
  await writer.close();
  await server.stop();
});

test("a write token logs and registers; the server records the token's name as the author, whatever the client says", async () => {
  const run = await writer.lifecycle.createRun('tokens');
  const artifact = await writer.model.upload(run.id, Buffer.from('weights'), { name: 'model.onnx' });
  const version = await writer.model.registerModel('tokens', artifact.id, 'someone-else');
  expect(version.registeredBy).toBe(testTokens.writer.name);
  await writer.deployment.createDeploymentTarget('Test');
  await writer.deployment.deployModel('Test', version, 'someone-else');
  // createDeployment answers nothing: the record read back holds what the server stored.
  expect((await writer.deployment.getDeployments('tokens')).map((deployment) => deployment.deployedBy)).toEqual([testTokens.writer.name]);
});

test('a read token reads, and each write is PERMISSION_DENIED saying which token may only read', async () => {
  const run = await writer.lifecycle.createRun('read-only');
  await writer.evaluation.logMetric(run.id, 'accuracy', 0.9);
  await using reader = await new MLOpsBuilder({ captureRunContext: false }).useRemoteTracking(server.url, { token: testTokens.reader.token }).build();
  expect((await reader.lifecycle.getRun(run.id)).metrics).toEqual({ accuracy: 0.9 });
  const denied = await expectMLOpsError(reader.evaluation.logMetric(run.id, 'accuracy', 0.95), 'PERMISSION_DENIED', { providerId: 'remote', mentions: [testTokens.reader.name] });
  expectNoSecretIn(denied, testTokens.reader.token, 'the refusal');
  await expectMLOpsError(reader.model.upload(run.id, Buffer.from('x'), { name: 'model.onnx' }), 'PERMISSION_DENIED');
  expect((await reader.lifecycle.getRun(run.id)).metrics).toEqual({ accuracy: 0.9 });
});

test('a missing or unknown token is PERMISSION_DENIED when the context is built, without retries', async () => {
  await expectMLOpsError(new MLOpsBuilder().useRemoteTracking(server.url).build(), 'PERMISSION_DENIED', { mentions: ['no token'], withinMs: 5_000 });
  const wrong = 'wrong-token-never-shown-123456';
  const error = await expectMLOpsError(new MLOpsBuilder().useRemoteTracking(server.url, { token: wrong }).build(), 'PERMISSION_DENIED', { withinMs: 5_000 });
  expectNoSecretIn(error, wrong, 'the refusal of an unknown token');
});

test('the token never shows in the store, the repository, the builder, the context or their errors', async () => {
  const token = testTokens.writer.token;
  const store = new RemoteMetadataStore(server.url, { token });
  const repository = new RemoteModelRepository(server.url, { token });
  for (const [value, label] of [
    [store, 'the store'],
    [repository, 'the repository'],
    [new MLOpsBuilder().useRemoteTracking(server.url, { token }), 'the builder'],
    [writer, 'the context'],
  ] as const) {
    expectNoSecretIn(value, token, label);
  }
  expect(inspect(store)).toContain(server.url);
  expectNoSecretIn(await expectMLOpsError(store.updateRun('01900000-0000-7000-8000-00000000dead', { status: 'finished' }), 'NOT_FOUND'), token, 'a NOT_FOUND error');
  expectNoSecretIn(await expectMLOpsError(repository.get('runs/none/model.onnx'), 'NOT_FOUND'), token, 'a NOT_FOUND of the repository');
  const unreachable = new RemoteMetadataStore(`http://127.0.0.1:${await closedPort()}`, { token, retries: 0 });
  expectNoSecretIn(await expectMLOpsError(unreachable.listExperiments(), 'UNAVAILABLE'), token, 'a connection error');
});

test('bad URLs and options are INVALID_ARGUMENT, and a URL holding credentials is not repeated', () => {
  expect(() => new MLOpsBuilder().useRemoteTracking('not a url')).toThrow(/not a URL/);
  expect(() => new MLOpsBuilder().useRemoteTracking('ftp://mlops.example.com')).toThrow(/http: or https:/);
  const withPassword = 'https://ci:pa55word-in-url@mlops.example.com';
  let refused: unknown;
  try {
    new MLOpsBuilder().useRemoteTracking(withPassword);
  } catch (error) {
    refused = error;
  }
  expect((refused as { code?: string }).code).toBe('INVALID_ARGUMENT');
  expectNoSecretIn(refused, 'pa55word-in-url', 'the refusal of a URL with credentials');
  expect(() => new MLOpsBuilder().useRemoteTracking(server.url, { tokn: 'x' } as never)).toThrow(/did you mean 'token'/);
  expect(() => new MLOpsBuilder().useRemoteTracking(server.url, { retries: -1 })).toThrow(/retries/);
  expect(() => new MLOpsBuilder().useRemoteTracking(server.url, { token: 'two words here' })).toThrow(/white space/);
  // Options from MLOPS_TRACKING_* variables arrive as strings.
  expect(() => new MLOpsBuilder().useRemoteTracking(server.url, { retries: '2' as never, requestTimeoutMs: '5000' as never })).not.toThrow();
  expect(() => new MLOpsBuilder().useRemoteTracking(server.url).useInMemoryMetadataStore()).toThrow(/already configured/);
});
