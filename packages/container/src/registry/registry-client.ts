import { createHash } from 'node:crypto';
import { MLOpsError } from '@mlops-ts/core';
import { parse as parseChallenge, type Challenge } from 'auth-header';

import { acceptedManifestTypes, type ImageIndex, type ImageManifest } from './media-types.js';
import type { RegistryCredentials } from './registry-credentials.js';
import { permissionDenied, readRegistryError, translateFetchError } from './registry-errors.js';

/** Options of a {@link RegistryClient}. */
export interface RegistryClientOptions {
  /** Host and optional port, e.g. 'registry.example.com' or '127.0.0.1:5000'. */
  registry: string;
  /** Speak plain HTTP instead of HTTPS. Default: true for loopback hosts (localhost, 127.x, [::1]), else false. */
  insecure?: boolean;
  /** Credentials, or a function that finds them when the registry first asks. */
  credentials?: RegistryCredentials | (() => Promise<RegistryCredentials | undefined>);
  /** How long one request may take until the registry answers, in milliseconds (uploads get one more second per MiB). Default 30000. */
  timeoutMs?: number;
}

/** A manifest or index as read from a registry, with its exact bytes (digests are of the bytes). */
export interface FetchedManifest {
  mediaType: string;
  digest: string;
  bytes: Buffer;
  manifest: ImageManifest | ImageIndex;
}

const isLoopback = (registry: string): boolean => /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/.test(registry);
const sha256 = (bytes: Uint8Array): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/**
 * A client of the registry HTTP API v2 (the OCI distribution spec): manifests, blobs,
 * cross-repository mounts and uploads, signing in with Basic or the bearer token flow
 * (`WWW-Authenticate: Bearer realm=…,service=…,scope=…`) when the registry asks.
 * Hand-written on `fetch`: the npm registry clients found read images but none pushes.
 */
export class RegistryClient {
  readonly registry: string;
  readonly baseUrl: string;
  readonly timeoutMs: number;
  #credentials: RegistryCredentials | undefined;
  #credentialsLoaded: boolean;
  readonly #findCredentials: (() => Promise<RegistryCredentials | undefined>) | undefined;
  readonly #tokens = new Map<string, string>();
  #basic = false;

  constructor(options: RegistryClientOptions) {
    this.registry = options.registry;
    this.baseUrl = `${(options.insecure ?? isLoopback(options.registry)) ? 'http' : 'https'}://${options.registry}`;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    if (typeof options.credentials === 'function') {
      this.#findCredentials = options.credentials;
      this.#credentialsLoaded = false;
    } else {
      this.#credentials = options.credentials;
      this.#credentialsLoaded = true;
    }
  }

  /**
   * Reads a manifest or index by tag or digest, verifying the bytes against a digest reference.
   * @throws MLOpsError NOT_FOUND naming the image; PERMISSION_DENIED; UNAVAILABLE.
   */
  async getManifest(repository: string, reference: string): Promise<FetchedManifest> {
    const response = await this.#send(repository, 'pull', `/v2/${repository}/manifests/${reference}`, { headers: { accept: acceptedManifestTypes.join(', ') } });
    const image = `${this.registry}/${repository}${reference.startsWith('sha256:') ? '@' : ':'}${reference}`;
    if (response.status === 404) {
      throw new MLOpsError('NOT_FOUND', `Image '${image}' does not exist (${await readRegistryError(response)}). Check the repository and tag, or push the base image first.`);
    }
    await this.#expectOk(response, repository, `read image '${image}'`);
    const bytes = Buffer.from(await response.arrayBuffer());
    const digest = sha256(bytes);
    if (reference.startsWith('sha256:') && digest !== reference) {
      throw new MLOpsError('INTEGRITY', `Registry ${this.registry} answered '${image}' with bytes of digest ${digest}. Retry; if it persists, the registry or a proxy alters manifests.`);
    }
    const manifest = JSON.parse(bytes.toString('utf8')) as ImageManifest | ImageIndex;
    const mediaType = manifest.mediaType ?? response.headers.get('content-type')?.split(';', 1)[0] ?? '';
    return { mediaType, digest, bytes, manifest };
  }

  /** Reads a blob whole and checks its digest (for image configs, which are small). */
  async getBlob(repository: string, digest: string): Promise<Buffer> {
    const response = await this.#send(repository, 'pull', `/v2/${repository}/blobs/${digest}`, {});
    if (response.status === 404) throw new MLOpsError('NOT_FOUND', `Blob ${digest} of '${this.registry}/${repository}' does not exist. The image is incomplete: push it again.`);
    await this.#expectOk(response, repository, `read blob ${digest}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    if (sha256(bytes) !== digest) throw new MLOpsError('INTEGRITY', `Blob ${digest} of '${this.registry}/${repository}' has other bytes than its digest says. Retry.`);
    return bytes;
  }

  /** Whether the repository has the blob (HEAD), so an upload can be skipped. */
  async hasBlob(repository: string, digest: string): Promise<boolean> {
    const response = await this.#send(repository, 'push', `/v2/${repository}/blobs/${digest}`, { method: 'HEAD' });
    if (response.status === 404) return false;
    await this.#expectOk(response, repository, `look for blob ${digest}`);
    return true;
  }

  /**
   * Asks the registry to link a blob another repository of it already holds. Returns true
   * when mounted; false when the registry started an ordinary upload instead (then cancelled).
   */
  async mountBlob(repository: string, digest: string, fromRepository: string): Promise<boolean> {
    const query = new URLSearchParams({ mount: digest, from: fromRepository });
    const response = await this.#send(repository, 'push', `/v2/${repository}/blobs/uploads/?${query}`, { method: 'POST' }, [`repository:${fromRepository}:pull`]);
    if (response.status === 201) return true;
    await this.#expectOk(response, repository, `mount blob ${digest}`);
    const location = response.headers.get('location');
    if (location) await this.#send(repository, 'push', this.#resolve(location), { method: 'DELETE' }).catch(() => undefined);
    return false;
  }

  /**
   * Uploads a blob: one PUT (monolithic), or PATCH requests of `chunkSizeBytes` then a
   * closing PUT (chunked) when a chunk size is given and the blob is larger.
   * @throws MLOpsError PERMISSION_DENIED, UNAVAILABLE, or INVALID_ARGUMENT with the registry's error.
   */
  async uploadBlob(repository: string, digest: string, bytes: Buffer, chunkSizeBytes?: number): Promise<void> {
    const started = await this.#send(repository, 'push', `/v2/${repository}/blobs/uploads/`, { method: 'POST', headers: { 'content-length': '0' } });
    await this.#expectOk(started, repository, `start uploading blob ${digest}`);
    let location = this.#uploadLocation(started);
    if (chunkSizeBytes !== undefined && bytes.length > chunkSizeBytes) {
      for (let offset = 0; offset < bytes.length; offset += chunkSizeBytes) {
        const chunk = bytes.subarray(offset, Math.min(bytes.length, offset + chunkSizeBytes));
        const patched = await this.#send(repository, 'push', location, {
          method: 'PATCH',
          body: chunk,
          headers: { 'content-type': 'application/octet-stream', 'content-range': `${offset}-${offset + chunk.length - 1}`, 'content-length': String(chunk.length) },
        });
        await this.#expectOk(patched, repository, `upload a chunk of blob ${digest}`);
        location = this.#uploadLocation(patched);
      }
      bytes = Buffer.alloc(0);
    }
    const url = new URL(location, this.baseUrl);
    url.searchParams.set('digest', digest);
    const finished = await this.#send(repository, 'push', url.toString(), {
      method: 'PUT',
      body: bytes,
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) },
    });
    await this.#expectOk(finished, repository, `upload blob ${digest}`);
  }

  /** Stores a manifest under a tag (or its digest); returns the digest of the bytes. */
  async putManifest(repository: string, reference: string, bytes: Buffer, mediaType: string): Promise<string> {
    const response = await this.#send(repository, 'push', `/v2/${repository}/manifests/${reference}`, {
      method: 'PUT',
      body: bytes,
      headers: { 'content-type': mediaType, 'content-length': String(bytes.length) },
    });
    await this.#expectOk(response, repository, `push the manifest of '${this.registry}/${repository}:${reference}'`);
    return sha256(bytes);
  }

  #uploadLocation(response: Response): string {
    const location = response.headers.get('location');
    if (!location) throw new MLOpsError('UNAVAILABLE', `Registry ${this.registry} started an upload without a Location header. It does not follow the distribution spec: use another registry.`);
    return this.#resolve(location);
  }

  #resolve(location: string): string {
    return new URL(location, this.baseUrl).toString();
  }

  async #expectOk(response: Response, repository: string, action: string): Promise<void> {
    if (response.ok) return;
    const detail = await readRegistryError(response);
    if (response.status === 401 || response.status === 403) throw permissionDenied(this.registry, repository, this.#credentials?.username, detail);
    if (response.status >= 500 || response.status === 429) {
      throw new MLOpsError('UNAVAILABLE', `Registry ${this.registry} failed to ${action} (${detail}). Retry later.`);
    }
    throw new MLOpsError('INVALID_ARGUMENT', `Registry ${this.registry} refused to ${action} (${detail}). Check the image name, tag and registry settings.`);
  }

  /**
   * Sends a request, signing in when the registry answers 401: Basic with the credentials,
   * or a bearer token fetched from the challenge's realm for the repository's scope.
   */
  async #send(repository: string, access: 'pull' | 'push', pathOrUrl: string, init: RequestInit, extraScopes: string[] = []): Promise<Response> {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${this.baseUrl}${pathOrUrl}`;
    const scopes = [`repository:${repository}:${access === 'push' ? 'pull,push' : 'pull'}`, ...extraScopes];
    const scopeKey = scopes.join(' ');
    const body = init.body as Buffer | undefined;
    const timeoutMs = this.timeoutMs + Math.ceil((body?.length ?? 0) / (1024 * 1024)) * 1000;
    const attempt = async (authorization: string | undefined): Promise<Response> => {
      try {
        return await fetch(url, {
          ...init,
          headers: { ...(init.headers as Record<string, string>), ...(authorization ? { authorization } : {}) },
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw translateFetchError(error, this.registry, timeoutMs);
      }
    };
    let response = await attempt(this.#authorization(scopeKey));
    if (response.status !== 401) return response;
    const header = response.headers.get('www-authenticate');
    await response.body?.cancel();
    const credentials = await this.#loadCredentials();
    const challenge = header ? parseChallengeSafely(header) : undefined;
    if (challenge?.scheme.toLowerCase() === 'basic' && credentials?.username !== undefined) {
      this.#basic = true;
    } else if (challenge?.scheme.toLowerCase() === 'bearer') {
      this.#tokens.set(scopeKey, credentials?.token ?? (await this.#fetchToken(challenge, scopes, credentials, repository)));
    } else {
      throw permissionDenied(this.registry, repository, credentials?.username, `it asked for '${challenge?.scheme ?? 'unknown'}' sign-in`);
    }
    response = await attempt(this.#authorization(scopeKey));
    if (response.status === 401) {
      await response.body?.cancel();
      throw permissionDenied(this.registry, repository, credentials?.username, 'HTTP 401 after signing in');
    }
    return response;
  }

  #authorization(scopeKey: string): string | undefined {
    const token = this.#tokens.get(scopeKey);
    if (token !== undefined) return `Bearer ${token}`;
    const credentials = this.#credentials;
    if (this.#basic && credentials?.username !== undefined) return `Basic ${Buffer.from(`${credentials.username}:${credentials.password ?? ''}`).toString('base64')}`;
    return undefined;
  }

  async #loadCredentials(): Promise<RegistryCredentials | undefined> {
    if (!this.#credentialsLoaded) {
      this.#credentials = await this.#findCredentials!();
      this.#credentialsLoaded = true;
    }
    return this.#credentials;
  }

  /** The bearer token flow of the distribution spec ("Token Authentication Specification"). */
  async #fetchToken(challenge: Challenge, scopes: string[], credentials: RegistryCredentials | undefined, repository: string): Promise<string> {
    const realm = typeof challenge.params.realm === 'string' ? challenge.params.realm : undefined;
    if (!realm) throw permissionDenied(this.registry, repository, credentials?.username, 'its bearer challenge names no realm');
    const url = new URL(realm);
    const service = challenge.params.service;
    if (typeof service === 'string') url.searchParams.set('service', service);
    for (const scope of scopes) url.searchParams.append('scope', scope);
    const headers: Record<string, string> = {};
    if (credentials?.username !== undefined) headers.authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password ?? ''}`).toString('base64')}`;
    let response: Response;
    try {
      response = await fetch(url, { headers, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      throw translateFetchError(error, url.host, this.timeoutMs);
    }
    if (response.status === 401 || response.status === 403) throw permissionDenied(this.registry, repository, credentials?.username, `the token service answered ${response.status}`);
    if (!response.ok) throw new MLOpsError('UNAVAILABLE', `The token service of registry ${this.registry} failed (HTTP ${response.status}). Retry later.`);
    const body = (await response.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new MLOpsError('UNAVAILABLE', `The token service of registry ${this.registry} answered without a token. Check the registry's token service.`);
    return token;
  }
}

function parseChallengeSafely(header: string): Challenge | undefined {
  try {
    return parseChallenge(header);
  } catch {
    return undefined;
  }
}
