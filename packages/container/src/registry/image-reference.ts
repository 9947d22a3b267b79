import { MLOpsError } from '@mlops-ts/core';

/** A parsed image reference such as `registry.example.com:5000/team/model:1.2@sha256:…`. */
export interface ImageReference {
  /** Host and optional port of the registry, e.g. 'registry.example.com' or '127.0.0.1:5000'. */
  registry: string;
  /** The repository path inside the registry, e.g. 'team/iris'. */
  repository: string;
  /** The tag, when the reference names one. */
  tag?: string;
  /** The manifest digest (`sha256:…`), when the reference pins one. */
  digest?: string;
}

// The grammar of the distribution project's reference package, reduced to what a registry accepts.
const pathComponent = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const tagPattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const digestPattern = /^sha256:[a-f0-9]{64}$/;
const registryPattern = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;

/** Docker Hub's name for the registry of unqualified references. */
export const dockerHubRegistry = 'docker.io';

/**
 * Checks a tag against the OCI distribution rules (`[A-Za-z0-9_][A-Za-z0-9._-]{0,127}`).
 * @throws MLOpsError INVALID_ARGUMENT naming the tag.
 */
export function validateTag(tag: unknown): string {
  if (typeof tag !== 'string' || !tagPattern.test(tag)) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `The image tag ${JSON.stringify(String(tag)).slice(0, 140)} is not a valid tag. Use up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-', e.g. 'iris-3'.`,
    );
  }
  return tag;
}

/**
 * Checks a repository path: lower-case components of letters and digits joined by '.', '_', '__' or '-', separated by '/'.
 * @throws MLOpsError INVALID_ARGUMENT naming it.
 */
export function validateRepository(repository: unknown): string {
  if (typeof repository !== 'string' || repository.length > 255 || !repository.split('/').every((part) => pathComponent.test(part))) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `The image repository ${JSON.stringify(String(repository)).slice(0, 140)} is not a valid repository name. Use lower-case path components of letters and digits joined by '.', '_' or '-', e.g. 'models/iris'.`,
    );
  }
  return repository;
}

/**
 * Checks a registry host such as 'registry.example.com' or '127.0.0.1:5000' (no scheme, no path).
 * @throws MLOpsError INVALID_ARGUMENT naming it.
 */
export function validateRegistryHost(registry: unknown): string {
  if (typeof registry !== 'string' || !registryPattern.test(registry)) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `The registry ${JSON.stringify(String(registry)).slice(0, 140)} is not a host name with an optional port. Pass e.g. 'registry.example.com' or '127.0.0.1:5000', without 'https://' or a path.`,
    );
  }
  return registry;
}

/**
 * Parses `[registry/]repository[:tag][@digest]`. A first component with a '.' or ':' or
 * equal to 'localhost' is the registry; otherwise the reference is Docker Hub's
 * (`library/` prefixed for one-component names), as the Docker CLI reads it.
 * @throws MLOpsError INVALID_ARGUMENT for a reference that does not follow the grammar.
 */
export function parseImageReference(reference: unknown): ImageReference {
  if (typeof reference !== 'string' || reference.length === 0 || reference.length > 1024) {
    throw new MLOpsError('INVALID_ARGUMENT', `The image reference ${JSON.stringify(String(reference)).slice(0, 140)} is empty or too long. Pass e.g. '127.0.0.1:5000/base/node:22'.`);
  }
  let rest = reference;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!digestPattern.test(digest)) {
      throw new MLOpsError('INVALID_ARGUMENT', `The digest in image reference '${reference.slice(0, 200)}' is not 'sha256:' and 64 hex digits. Copy the digest the registry reported.`);
    }
  }
  const slash = rest.indexOf('/');
  const first = slash < 0 ? '' : rest.slice(0, slash);
  const hasRegistry = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : dockerHubRegistry;
  let path = hasRegistry ? rest.slice(slash + 1) : rest;
  let tag: string | undefined;
  const colon = path.lastIndexOf(':');
  if (colon >= 0) {
    tag = path.slice(colon + 1);
    path = path.slice(0, colon);
  }
  if (!hasRegistry && !path.includes('/')) path = `library/${path}`;
  validateRegistryHost(registry);
  validateRepository(path);
  if (tag !== undefined) validateTag(tag);
  return { registry, repository: path, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) };
}

/** Formats a reference back to `registry/repository[:tag][@digest]`. */
export function formatImageReference(reference: ImageReference): string {
  return `${reference.registry}/${reference.repository}${reference.tag === undefined ? '' : `:${reference.tag}`}${reference.digest === undefined ? '' : `@${reference.digest}`}`;
}
