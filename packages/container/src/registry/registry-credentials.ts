import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MLOpsError } from '@mlops-ts/core';

/** How to sign in to a registry: a user name and password (or access token used as password), or a bearer token sent as is. */
export interface RegistryCredentials {
  username?: string;
  password?: string;
  /** A registry bearer token sent as `Authorization: Bearer`, for registries that hand out long-lived tokens. */
  token?: string;
}

interface DockerConfigFile {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string; registrytoken?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** The Docker config files to read, first match wins: `REGISTRY_AUTH_FILE` (podman, skopeo), `$DOCKER_CONFIG/config.json`, `~/.docker/config.json`. */
export function dockerConfigPaths(environment: NodeJS.ProcessEnv = process.env): string[] {
  const paths: string[] = [];
  if (environment.REGISTRY_AUTH_FILE) paths.push(environment.REGISTRY_AUTH_FILE);
  paths.push(path.join(environment.DOCKER_CONFIG ?? path.join(os.homedir(), '.docker'), 'config.json'));
  return paths;
}

const hubKeys = ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io'];

/** The keys a config file may file a registry under: the host, with a scheme, with a path. */
function keyMatches(key: string, registry: string): boolean {
  if (registry === 'docker.io' && hubKeys.includes(key)) return true;
  const host = key.replace(/^[a-z]+:\/\//i, '').split('/', 1)[0];
  return host === registry;
}

/**
 * The credentials for `registry` from a Docker config file (`auths` entries, or a credential
 * helper named by `credHelpers`/`credsStore`, run as `docker-credential-<name> get`), or
 * undefined when the files say nothing about it.
 * @throws MLOpsError INVALID_ARGUMENT when a config file is not JSON or an `auth` entry is malformed;
 *   UNAVAILABLE when a credential helper fails.
 */
export async function credentialsFromDockerConfig(registry: string, environment: NodeJS.ProcessEnv = process.env): Promise<RegistryCredentials | undefined> {
  for (const file of dockerConfigPaths(environment)) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue;
    }
    let config: DockerConfigFile;
    try {
      config = JSON.parse(text) as DockerConfigFile;
    } catch (cause) {
      throw new MLOpsError('INVALID_ARGUMENT', `The Docker config file ${file} is not valid JSON. Fix it, or pass username and password to useContainerRegistry().`, { cause });
    }
    const helper = Object.entries(config.credHelpers ?? {}).find(([key]) => keyMatches(key, registry))?.[1];
    const entry = Object.entries(config.auths ?? {}).find(([key]) => keyMatches(key, registry))?.[1];
    if (helper) return runCredentialHelper(helper, registry);
    if (entry) return credentialsOfEntry(entry, file, registry);
    if (config.credsStore) return runCredentialHelper(config.credsStore, registry, true);
  }
  return undefined;
}

function credentialsOfEntry(entry: NonNullable<DockerConfigFile['auths']>[string], file: string, registry: string): RegistryCredentials {
  if (entry.registrytoken) return { token: entry.registrytoken };
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) {
      throw new MLOpsError('INVALID_ARGUMENT', `The 'auth' entry for ${registry} in ${file} is not base64 of 'user:password'. Sign in again (docker login / podman login) or pass credentials to useContainerRegistry().`);
    }
    // An identity token replaces the password in the token request (Docker's refresh-token flow).
    return { username: decoded.slice(0, colon), password: entry.identitytoken ?? decoded.slice(colon + 1) };
  }
  return { username: entry.username, password: entry.identitytoken ?? entry.password };
}

function runCredentialHelper(helper: string, registry: string, isStore = false): Promise<RegistryCredentials | undefined> {
  if (!/^[A-Za-z0-9_.-]+$/.test(helper)) {
    return Promise.reject(new MLOpsError('INVALID_ARGUMENT', `The credential helper name '${helper.slice(0, 100)}' is not a plain name. Fix credHelpers/credsStore in the Docker config file.`));
  }
  return new Promise((resolve, reject) => {
    const child = execFile(`docker-credential-${helper}`, ['get'], { timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) {
        // A store that knows nothing of this registry is not an error: sign in anonymously.
        if (isStore && /credentials not found/i.test(`${stdout}${stderr}`)) return resolve(undefined);
        return reject(new MLOpsError('UNAVAILABLE', `The credential helper docker-credential-${helper} failed for ${registry} (${error.message.split('\n', 1)[0]}). Check it is installed and signed in, or pass credentials to useContainerRegistry().`, { cause: error }));
      }
      try {
        const { Username, Secret } = JSON.parse(stdout) as { Username?: string; Secret?: string };
        resolve(Username === '<token>' ? { username: '<token>', password: Secret } : { username: Username, password: Secret });
      } catch (cause) {
        reject(new MLOpsError('UNAVAILABLE', `The credential helper docker-credential-${helper} answered something other than JSON for ${registry}. Check the helper.`, { cause }));
      }
    });
    child.stdin?.end(registry);
  });
}
