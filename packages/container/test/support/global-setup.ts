import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';

import { missingCommands, podmanEnvironment, runTool, startRegistry, type TestRegistry } from './container-tools.js';
import { pushBaseImages, type BaseImages } from './node-base-image.js';

/** The user and password the authenticating registry accepts. */
export const registryUser = { username: 'mlops', password: 'correct horse battery staple' };

declare module 'vitest' {
  export interface ProvidedContext {
    /** Why the container tools cannot run here (missing commands), or '' when they can. */
    containerToolsMissing: string;
    /** The open registry, e.g. '127.0.0.1:41234'. */
    registry: string;
    /** A registry that asks for Basic credentials (registryUser). */
    authRegistry: string;
    /** Base images pushed to the open registry. */
    baseImages: BaseImages;
    /** Environment for podman and skopeo with private storage. */
    podmanEnvironment: Record<string, string>;
    /** A temp folder for the suites. */
    containerFolder: string;
  }
}

/**
 * Starts two docker-registry servers on 127.0.0.1 (one open, one with htpasswd Basic auth),
 * private podman storage, and pushes the Node base images; removes all of it afterwards.
 * Without podman, skopeo, runc or docker-registry, provides the reason and starts nothing.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const missing = await missingCommands();
  if (missing.length > 0) {
    project.provide('containerToolsMissing', `missing commands: ${missing.join(', ')} (apt-get install podman runc skopeo docker-registry catatonit slirp4netns fuse-overlayfs uidmap conmon)`);
    project.provide('registry', '');
    project.provide('authRegistry', '');
    project.provide('baseImages', { oci: '', docker: '', multiPlatform: '' });
    project.provide('podmanEnvironment', {});
    project.provide('containerFolder', '');
    return async () => undefined;
  }
  const folder = await mkdtemp(path.join(os.tmpdir(), 'mlops-container-'));
  const registries: TestRegistry[] = [];
  let environment: NodeJS.ProcessEnv | undefined;
  try {
    const htpasswd = path.join(folder, 'htpasswd');
    await writeFile(htpasswd, `${registryUser.username}:${bcrypt.hashSync(registryUser.password, 5)}\n`);
    registries.push(await startRegistry(path.join(folder, 'registry')));
    registries.push(await startRegistry(path.join(folder, 'auth-registry'), htpasswd));
    const [open, auth] = registries.map((registry) => registry.host) as [string, string];
    environment = await podmanEnvironment(path.join(folder, 'podman'), [open, auth]);
    const baseImages = await pushBaseImages(path.join(folder, 'base'), open, environment);
    project.provide('containerToolsMissing', '');
    project.provide('registry', open);
    project.provide('authRegistry', auth);
    project.provide('baseImages', baseImages);
    project.provide('podmanEnvironment', environment as Record<string, string>);
    project.provide('containerFolder', folder);
  } catch (error) {
    await teardown(folder, registries, environment);
    throw error;
  }
  return () => teardown(folder, registries, environment);
}

async function teardown(folder: string, registries: TestRegistry[], environment: NodeJS.ProcessEnv | undefined): Promise<void> {
  if (environment) {
    await runTool('podman', ['pod', 'rm', '--all', '--force'], environment).catch(() => undefined);
    await runTool('podman', ['rm', '--all', '--force'], environment).catch(() => undefined);
    await runTool('podman', ['system', 'reset', '--force'], environment).catch(() => undefined);
  }
  await Promise.all(registries.map((registry) => registry.stop()));
  await rm(folder, { recursive: true, force: true });
}
