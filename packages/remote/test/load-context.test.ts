import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadContext } from '@mlops-ts/core';
import { expectMLOpsError } from '@mlops-ts/provider-tests';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startRemoteServer, testTokens, type RemoteTestServer } from './support/remote-servers.js';

// A project that installed @mlops-ts/core and @mlops-ts/remote (links to this workspace; the
// core's loader imports the built package, as from npm), configured by environment variables
// only. This file imports nothing of ../src, so the builder method comes from the package.
const packagesFolder = path.resolve(fileURLToPath(import.meta.url), '../../..');
let project: string;
let server: RemoteTestServer;
beforeAll(async () => {
  project = await mkdtemp(path.join(os.tmpdir(), 'mlops-remote-project-'));
  await mkdir(path.join(project, 'node_modules/@mlops-ts'), { recursive: true });
  for (const name of ['core', 'remote']) await symlink(path.join(packagesFolder, name), path.join(project, 'node_modules/@mlops-ts', name), 'dir');
  server = await startRemoteServer({ tokens: [testTokens.writer] });
});
afterAll(async () => {
  await server?.stop();
  await rm(project, { recursive: true, force: true });
});

test('loadContext() tracks through the server named by MLOPS_TRACKING_URI with the token of MLOPS_TRACKING_TOKEN', async () => {
  const env = { MLOPS_TRACKING_URI: server.url, MLOPS_TRACKING_TOKEN: testTokens.writer.token, MLOPS_TRACKING_RETRIES: '1', MLOPS_CAPTURE_RUN_CONTEXT: 'false' };
  await using mlops = await loadContext({ cwd: project, env });
  expect([mlops.metadataStore.providerId, mlops.modelRepository.providerId]).toEqual(['remote', 'remote']);
  const run = await mlops.lifecycle.createRun('configured');
  await mlops.evaluation.logMetric(run.id, 'accuracy', 0.97);
  expect((await mlops.lifecycle.getRun(run.id)).metrics).toEqual({ accuracy: 0.97 });

  await expectMLOpsError(loadContext({ cwd: project, env: { ...env, MLOPS_TRACKING_TOKEN: 'not-a-token-of-this-server' } }), 'PERMISSION_DENIED');
});
