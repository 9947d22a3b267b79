import { MLOpsError, repositoryLayoutMarkerKey, validateArtifactName } from '@mlops-ts/core';

/** A run id or a registry id as a key segment: what the core's ids look like, and nothing that a path could read as a folder move. */
const idSegment = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/;
const maxKeyLength = 1_100;
const maxSegmentBytes = 255;

/**
 * Checks a repository key sent to the blob routes: it must be one the core builds,
 * `runs/<runId>/<artifact name>` or `deployments/<id or name>/<id or name>/<file>`, with
 * every segment plain (no `.` or `..`, no empty segment, no backslash or control
 * character), so no key reaches outside the layout whatever the repository does with it.
 *
 * @throws MLOpsError INVALID_ARGUMENT naming the key and the layout.
 */
export function validateBlobKey(key: string): string {
  if (!isLayoutKey(key)) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `The blob key ${describeKey(key)} is not in the repository's key layout. Use runs/<runId>/<artifact name> or deployments/<registeredModelId>/<targetId>/<file>, with no '.', '..' or empty segments.`,
    );
  }
  return key;
}

/** Whether `key` is in the core's layout (see `validateBlobKey`), or the core's layout marker, which a client's `build()` checks. */
export function isLayoutKey(key: string): boolean {
  if (key === repositoryLayoutMarkerKey) return true;
  if (typeof key !== 'string' || key.length === 0 || key.length > maxKeyLength) return false;
  const [top, first, ...rest] = key.split('/');
  if (top === 'runs') return first !== undefined && idSegment.test(first) && isArtifactPath(rest.join('/'));
  if (top === 'deployments') {
    const [second, ...file] = rest;
    return isPlainSegment(first) && isPlainSegment(second) && isArtifactPath(file.join('/'));
  }
  return false;
}

/**
 * Checks a prefix for listing: `runs/`, `deployments/`, or longer ones inside them, with no
 * `.` or `..` segment. Listings only ever show keys in the layout.
 *
 * @throws MLOpsError INVALID_ARGUMENT naming the prefix.
 */
export function validateBlobPrefix(prefix: string): string {
  const segments = prefix.split('/');
  const isInside =
    (segments[0] === 'runs' || segments[0] === 'deployments') &&
    segments.length >= 2 &&
    prefix.length <= maxKeyLength &&
    !controlCharacters.test(prefix) &&
    !prefix.includes('\\') &&
    segments.slice(1, -1).every(isPlainSegment) &&
    segments.at(-1) !== '.' &&
    segments.at(-1) !== '..';
  if (!isInside) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `The prefix ${describeKey(prefix)} is not inside the repository's key layout. List under runs/, runs/<runId>/, deployments/ or deeper, with no '.' or '..' segments.`,
    );
  }
  return prefix;
}

function isPlainSegment(segment: string | undefined): boolean {
  return (
    segment !== undefined &&
    segment.length > 0 &&
    segment !== '.' &&
    segment !== '..' &&
    !segment.includes('\\') &&
    !controlCharacters.test(segment) &&
    Buffer.byteLength(segment) <= maxSegmentBytes
  );
}

/** A relative path the core accepts as an artifact name, written in its normal form (so two spellings never name one object). */
function isArtifactPath(path: string): boolean {
  if (path.length === 0) return false;
  try {
    return validateArtifactName(path) === path && path.split('/').every(isPlainSegment);
  } catch {
    return false;
  }
}

function describeKey(key: string): string {
  return JSON.stringify(key.length > 120 ? `${key.slice(0, 117)}...` : key);
}
