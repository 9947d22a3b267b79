import { MLOpsError, optionKeys, refuseUnknownOptions } from '@mlops-ts/core';

import { validateRegistryHost, validateRepository } from './registry/image-reference.js';
import type { Platform } from './registry/media-types.js';
import type { RegistryCredentials } from './registry/registry-credentials.js';
import { parsePlatform } from './registry/resolve-base-image.js';

/** Options of `useContainerRegistry()`: where `deployment.buildModelImage` pushes images. */
export interface ContainerRegistryOptions {
  /** Registry host and optional port, e.g. 'registry.example.com' or '127.0.0.1:5000' (no scheme). */
  registry: string;
  /**
   * Repository to push to, e.g. 'team/models'. Default: one per registered model, its name
   * in lower case with other characters than letters, digits, '.', '_' and '-' as '-'.
   */
  repository?: string;
  /** User name; with `password`, signs in with Basic or the registry's token service. */
  username?: string;
  /** Password or access token for `username`. */
  password?: string;
  /** A registry bearer token, sent as is (instead of username and password). */
  token?: string;
  /** Plain HTTP instead of HTTPS. Default: true for loopback hosts only. */
  insecure?: boolean;
  /** Per-request timeout in milliseconds until the registry answers (uploads get one more second per MiB). Default 30000. */
  timeoutMs?: number;
  /** Upload blobs larger than this in chunks of this many bytes (PATCH); default one PUT per blob. */
  chunkSizeBytes?: number;
  /** The platform to resolve multi-platform base images to, e.g. 'linux/arm64'. Default 'linux/amd64'. */
  platform?: string;
}

/** The checked options with defaults. */
export interface ResolvedContainerRegistry {
  registry: string;
  repository: string | undefined;
  credentials: RegistryCredentials | undefined;
  insecure: boolean | undefined;
  timeoutMs: number;
  chunkSizeBytes: number | undefined;
  platform: Platform;
}

const containerRegistryOptionKeys = optionKeys<ContainerRegistryOptions>({
  registry: true,
  repository: true,
  username: true,
  password: true,
  token: true,
  insecure: true,
  timeoutMs: true,
  chunkSizeBytes: true,
  platform: true,
});

function positive(name: string, value: unknown, example: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new MLOpsError('INVALID_ARGUMENT', `${name} is ${String(value)}. Pass a positive whole number, e.g. ${example}.`);
  }
  return value;
}

/**
 * Checks `useContainerRegistry()`'s options. Credentials not given here are read, when the
 * registry asks for them, from the Docker config file.
 * @throws MLOpsError INVALID_ARGUMENT naming the option at fault.
 */
export function resolveContainerRegistryOptions(options: ContainerRegistryOptions): ResolvedContainerRegistry {
  if (typeof options !== 'object' || options === null) {
    throw new MLOpsError('INVALID_ARGUMENT', `useContainerRegistry() needs options. Pass e.g. { registry: 'registry.example.com', repository: 'team/models' }.`);
  }
  refuseUnknownOptions('useContainerRegistry()', options, containerRegistryOptionKeys);
  if (options.token !== undefined && (options.username !== undefined || options.password !== undefined)) {
    throw new MLOpsError('INVALID_ARGUMENT', `useContainerRegistry() got both a token and a username/password. Pass one way to sign in.`);
  }
  if ((options.username === undefined) !== (options.password === undefined)) {
    throw new MLOpsError('INVALID_ARGUMENT', `useContainerRegistry() got a ${options.username === undefined ? 'password without a username' : 'username without a password'}. Pass both, or neither to use the Docker config file.`);
  }
  const hasCredentials = options.token !== undefined || options.username !== undefined;
  return {
    registry: validateRegistryHost(options.registry),
    repository: options.repository === undefined ? undefined : validateRepository(options.repository),
    credentials: hasCredentials ? { username: options.username, password: options.password, token: options.token } : undefined,
    insecure: options.insecure,
    timeoutMs: options.timeoutMs === undefined ? 30_000 : positive('timeoutMs', options.timeoutMs, '30000 milliseconds'),
    chunkSizeBytes: options.chunkSizeBytes === undefined ? undefined : positive('chunkSizeBytes', options.chunkSizeBytes, '5242880 bytes'),
    platform: parsePlatform(options.platform ?? 'linux/amd64'),
  };
}
