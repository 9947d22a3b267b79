import { createHash } from 'node:crypto';
import path from 'node:path';
import { limits } from '../validation.js';

/** Where a run's artifact lives in the model repository. */
export function runArtifactKey(runId: string, artifactName: string): string {
  return `runs/${runId}/${artifactName}`;
}

/**
 * Where the first release kept a target's copy of a deployed model (deployments made since
 * live under `modelDeploymentFolder`; `build()` moves the first release's copies there).
 * Experiment and target names become one key segment each (see `nameSegment`), so no name
 * can add a segment, form a `.` or `..` segment, or make a segment too long for a file system.
 */
export function deploymentKey(experimentName: string, targetName: string, artifactName: string): string {
  return `${firstReleaseDeploymentFolder(experimentName, targetName)}${path.posix.basename(artifactName)}`;
}

/** The folder of the first release's copies for an experiment and a target (see `deploymentKey`). */
export function firstReleaseDeploymentFolder(experimentName: string, targetName: string): string {
  return `deployments/${nameSegment(experimentName)}/${nameSegment(targetName)}/`;
}

/**
 * The core's record of the repository's key layout: present once the first release's
 * deployed copies have been moved to `modelDeploymentFolder` keys, so later builds check
 * one key and move nothing. Outside `runs/` and `deployments/`, so no id or name reaches it.
 */
export const repositoryLayoutMarkerKey = 'mlops/layout-v2.json';

/**
 * The folder of a target's copy of a registered model's deployed version: ids only, so
 * renaming the registered model or the target moves nothing. A single-file version lives
 * at `<folder><artifact base name>`, a folder version's files at `<folder><path in the folder>`.
 */
export function modelDeploymentFolder(registeredModelId: string, deploymentTargetId: string): string {
  return `deployments/${registeredModelId}/${deploymentTargetId}/`;
}

/** Half of a surrogate pair standing alone (a `u` regex matches whole pairs as one code point). */
const loneSurrogate = /\p{Cs}/u;
const loneSurrogates = /\p{Cs}/gu;

/** Hex digits of the name's SHA-256 kept in a shortened segment: 128 bits. */
const digestHexLength = 32;

/**
 * One key segment for a free-text name, the same as it always was for ordinary names:
 * URI-encoded, so `/` and `%` cannot add segments or mimic an encoding. On top of that:
 *
 * - Leading dots are encoded too (`..` is `%2E%2E`, `.hidden` is `%2Ehidden`).
 *   encodeURIComponent leaves dots alone, and URL-based SDKs (Azure Blob's) collapse `.` and
 *   `..` segments, which moved a deployment outside the repository's prefix or container.
 *   `%2E` cannot come from encodeURIComponent (it encodes `%` as `%25`), so no two names meet.
 * - A segment over `limits.artifactNameSegmentBytes` (long or non-ASCII names expand up to
 *   nine-fold), or a name that is not well-formed UTF-16 (which encodeURIComponent refuses),
 *   becomes its encoded beginning, `@` and 128 bits of the name's SHA-256. encodeURIComponent
 *   always encodes `@`, so a shortened segment never equals another name's plain segment.
 */
function nameSegment(name: string): string {
  const isWellFormed = !loneSurrogate.test(name);
  const pieces = encodedCharacters(isWellFormed ? name : name.replace(loneSurrogates, '\uFFFD'));
  const encoded = pieces.join('');
  if (isWellFormed && encoded.length <= limits.artifactNameSegmentBytes) return encoded;
  // UTF-16 code units, so names that differ only in a broken surrogate have different digests.
  const digest = createHash('sha256').update(Buffer.from(name, 'utf16le')).digest('hex').slice(0, digestHexLength);
  let beginning = '';
  for (const piece of pieces) {
    if (beginning.length + piece.length > limits.artifactNameSegmentBytes - digestHexLength - 1) break;
    beginning += piece;
  }
  return `${beginning}@${digest}`;
}

/** The name's characters URI-encoded one by one (so a shortened name ends on a whole character), leading dots as `%2E`. */
function encodedCharacters(name: string): string[] {
  const leadingDots = /^\.*/.exec(name)![0].length;
  return Array.from(name, (character, index) => (index < leadingDots ? '%2E' : encodeURIComponent(character)));
}
