import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { MLOpsContext, ModelVersion } from '@mlops-ts/core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import '../src/index.js';
import { RegistryClient } from '../src/index.js';
import { credentialsFromDockerConfig } from '../src/registry/registry-credentials.js';
import { freePort } from './support/container-tools.js';
import { registryUser } from './support/global-setup.js';
import { linearModel, openContainerContext, registerModelBytes } from './support/model-fixtures.js';

const missing = inject('containerToolsMissing');
if (missing) console.warn(`SKIPPED: the registry error suite needs docker-registry (${missing}).`);

async function buildWith(options: Parameters<MLOpsContext['deployment']['buildModelImage']>[1], registry: Parameters<import('@mlops-ts/core').MLOpsBuilder['useContainerRegistry']>[0]) {
  const { mlops, dispose } = await openContainerContext((builder) => builder.useContainerRegistry(registry));
  try {
    const version: ModelVersion = await registerModelBytes(mlops, linearModel(1, 1, 0), 'hostile');
    const started = performance.now();
    const error = await mlops.deployment.buildModelImage(version, options).then(
      () => undefined,
      (caught: unknown) => caught as Error & { code?: string },
    );
    return { error, ms: performance.now() - started };
  } finally {
    await dispose();
  }
}

describe.skipIf(missing !== '')('buildModelImage against hostile registries and input', () => {
  const registry = inject('registry');
  const authRegistry = inject('authRegistry');
  const baseImage = inject('baseImages').oci;

  it('answers UNAVAILABLE within a bounded time for a registry that refuses connections or never answers', async () => {
    const closed = await buildWith({ baseImage }, { registry: `127.0.0.1:${await freePort()}`, timeoutMs: 1000 });
    expect(closed.error?.code).toBe('UNAVAILABLE');
    expect(closed.error?.message).toMatch(/cannot be reached \(ECONNREFUSED\)/);
    const silent = createTcpServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const host = `127.0.0.1:${(silent.address() as { port: number }).port}`;
      const hanging = await buildWith({ baseImage: `${host}/base/node:22` }, { registry: host, timeoutMs: 500 });
      expect(hanging.error?.code).toBe('UNAVAILABLE');
      expect(hanging.error?.message).toMatch(/did not answer within 500 ms/);
      expect(hanging.ms).toBeLessThan(5000);
    } finally {
      silent.close();
    }
  });

  it('answers PERMISSION_DENIED for wrong or missing credentials, naming the user but never the password', async () => {
    const wrong = await buildWith({ baseImage }, { registry: authRegistry, username: registryUser.username, password: 'wrong password' });
    expect(wrong.error?.code).toBe('PERMISSION_DENIED');
    expect(wrong.error?.message).toContain(`'${registryUser.username}'`);
    expect(wrong.error?.message).not.toContain('wrong password');
    const folder = await mkdtemp(path.join(os.tmpdir(), 'mlops-docker-config-'));
    const previous = { DOCKER_CONFIG: process.env.DOCKER_CONFIG, REGISTRY_AUTH_FILE: process.env.REGISTRY_AUTH_FILE };
    try {
      process.env.DOCKER_CONFIG = folder;
      delete process.env.REGISTRY_AUTH_FILE;
      const none = await buildWith({ baseImage }, { registry: authRegistry });
      expect(none.error?.code).toBe('PERMISSION_DENIED');
      expect(none.error?.message).toMatch(/without credentials/);
    } finally {
      Object.assign(process.env, previous);
      if (previous.REGISTRY_AUTH_FILE === undefined) delete process.env.REGISTRY_AUTH_FILE;
      if (previous.DOCKER_CONFIG === undefined) delete process.env.DOCKER_CONFIG;
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('pushes with the right credentials, from options or the Docker config file, copying base layers across registries', async () => {
    const withOptions = await buildWith({ baseImage, tag: 'from-options' }, { registry: authRegistry, ...registryUser });
    expect(withOptions.error).toBeUndefined();
    const folder = await mkdtemp(path.join(os.tmpdir(), 'mlops-docker-config-'));
    await writeFile(path.join(folder, 'config.json'), JSON.stringify({ auths: { [authRegistry]: { auth: Buffer.from(`${registryUser.username}:${registryUser.password}`).toString('base64') } } }));
    expect(await credentialsFromDockerConfig(authRegistry, { DOCKER_CONFIG: folder })).toEqual({ username: registryUser.username, password: registryUser.password });
    expect(await credentialsFromDockerConfig('elsewhere.example', { DOCKER_CONFIG: folder })).toBeUndefined();
    await rm(folder, { recursive: true, force: true });
  });

  it('answers NOT_FOUND naming a base image that does not exist, and INVALID_ARGUMENT for a tag with invalid characters', async () => {
    const absent = await buildWith({ baseImage: `${registry}/base/absent:1` }, { registry });
    expect(absent.error?.code).toBe('NOT_FOUND');
    expect(absent.error?.message).toContain(`${registry}/base/absent:1`);
    for (const tag of ['bad tag', '../etc', 'x'.repeat(200), 'ta$g']) {
      const invalid = await buildWith({ baseImage, tag }, { registry });
      expect(invalid.error?.code, tag).toBe('INVALID_ARGUMENT');
    }
    const badBase = await buildWith({ baseImage: 'HTTP://registry/../x' }, { registry });
    expect(badBase.error?.code).toBe('INVALID_ARGUMENT');
    await expect(openContainerContext((builder) => builder.useContainerRegistry({ registry: 'https://registry.example.com' }))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(openContainerContext((builder) => builder.useContainerRegistry({ registry, repostory: 'x' } as never))).rejects.toThrow(/did you mean 'repository'/);
  });

  describe('the bearer token flow', () => {
    let proxy: Server;
    let proxyHost: string;
    const issued = new Set<string>();
    const scopes: string[] = [];
    beforeAll(async () => {
      // A registry front that asks for bearer tokens from its own token service (the
      // distribution token spec) and passes authorised requests on to the real registry.
      proxy = createHttpServer(async (request, response) => {
        const url = new URL(request.url!, `http://${proxyHost}`);
        if (url.pathname === '/token') {
          const basic = `Basic ${Buffer.from(`${registryUser.username}:${registryUser.password}`).toString('base64')}`;
          if (request.headers.authorization !== basic || url.searchParams.get('service') !== 'test-registry') {
            response.writeHead(401).end();
            return;
          }
          scopes.push(...url.searchParams.getAll('scope'));
          const token = `token-${issued.size}`;
          issued.add(token);
          response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token }));
          return;
        }
        const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
        if (!bearer || !issued.has(bearer)) {
          response.writeHead(401, { 'www-authenticate': `Bearer realm="http://${proxyHost}/token",service="test-registry",scope="repository:models/bearer:pull,push"` }).end();
          return;
        }
        const chunks: Buffer[] = [];
        for await (const chunk of request) chunks.push(chunk as Buffer);
        const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !['authorization', 'host', 'connection'].includes(name))) as Record<string, string>;
        const upstream = await fetch(`http://${registry}${request.url}`, { method: request.method, headers, body: chunks.length > 0 ? Buffer.concat(chunks) : undefined, redirect: 'manual' });
        const answer: Record<string, string> = {};
        upstream.headers.forEach((value, name) => (answer[name] = name === 'location' ? value.replace(registry, proxyHost) : value));
        delete answer['content-encoding'];
        delete answer['transfer-encoding'];
        response.writeHead(upstream.status, answer).end(Buffer.from(await upstream.arrayBuffer()));
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      proxyHost = `127.0.0.1:${(proxy.address() as { port: number }).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => proxy.close(() => resolve())));

    it('fetches a token from the realm with Basic credentials and the repository scope, then pushes', async () => {
      const pushed = await buildWith({ baseImage: `${proxyHost}/base/node:22`, repository: 'models/bearer', tag: 'bearer' }, { registry: proxyHost, ...registryUser });
      expect(pushed.error).toBeUndefined();
      expect(scopes).toEqual(expect.arrayContaining(['repository:base/node:pull', 'repository:models/bearer:pull,push']));
      const client = new RegistryClient({ registry: proxyHost, credentials: { username: registryUser.username, password: 'wrong' } });
      await expect(client.getManifest('models/bearer', 'bearer')).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    });
  });
});
