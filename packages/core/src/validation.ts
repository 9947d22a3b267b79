import { MLOpsError } from './errors.js';
import type { Tags } from './spec/v1/tags.js';

/** Limits follow MLflow's, which years of use have proven workable. */
export const limits = {
  experimentName: 500,
  name: 250,
  paramValue: 6000,
  tagValue: 8000,
  artifactName: 1000,
  /**
   * UTF-8 bytes of each '/'-separated segment of a new artifact name. File systems allow
   * 255 bytes per name and the local-file repository's temporary files add 48, so 200 fits
   * every repository; deployment keys shorten experiment and target names to it too.
   */
  artifactNameSegmentBytes: 200,
  /**
   * UTF-8 bytes of a whole new artifact name. S3 and Azure Blob allow 1,024 per key:
   * this leaves room for `runs/{runId}/` (42) and a repository prefix of up to 82.
   */
  artifactNameBytes: 900,
} as const;

// C0 and C1 control characters and DEL; they break logs, terminals and file systems.
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/;

/** Checks a name (of an experiment, param, metric, tag, target) and returns it. */
export function validateName(kind: string, value: unknown, maxLength: number = limits.name): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new MLOpsError('INVALID_ARGUMENT', `The ${kind} ${describe(value)} is not a non-empty string. Pass a name such as 'accuracy'.`);
  }
  if (value.length > maxLength) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `The ${kind} '${value.slice(0, 40)}…' is ${value.length} characters long. Use at most ${maxLength} characters.`,
    );
  }
  if (controlCharacters.test(value)) {
    throw new MLOpsError('INVALID_ARGUMENT', `The ${kind} ${JSON.stringify(value)} contains a control character. Remove tabs, newlines and other control characters.`);
  }
  if (value === '__proto__') {
    throw new MLOpsError('INVALID_ARGUMENT', `The ${kind} '__proto__' is reserved: JavaScript objects read it as their prototype, so a tag, param or metric of that name would be lost. Choose another name.`);
  }
  return value;
}

/** Checks an id argument (non-empty string). */
export function validateId(kind: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new MLOpsError('INVALID_ARGUMENT', `The ${kind} id ${describe(value)} is not a non-empty string. Pass the id returned when it was created.`);
  }
  return value;
}

/** Checks a free-text value (param or tag value) against a length limit. */
export function validateValue(kind: string, value: string, maxLength: number): string {
  if (value.length > maxLength) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `The ${kind} '${value.slice(0, 40)}…' is ${value.length} characters long. Use at most ${maxLength} characters.`,
    );
  }
  return value;
}

/** Checks a tag map and returns a clean copy. */
export function validateTags(tags: unknown): Tags {
  if (tags === undefined) return {};
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) {
    throw new MLOpsError('INVALID_ARGUMENT', `Tags ${describe(tags)} are not an object. Pass tags as { key: 'value' }.`);
  }
  const clean: Tags = {};
  for (const [key, value] of Object.entries(tags)) {
    validateName('tag key', key);
    if (typeof value !== 'string') {
      throw new MLOpsError('INVALID_ARGUMENT', `Tag '${key}' has the value ${describe(value)}, which is not a string. Convert tag values to strings.`);
    }
    clean[key] = validateValue(`value of tag '${key}'`, value, limits.tagValue);
  }
  return clean;
}

/** Checks a metric value: any number, NaN and ±Infinity included. */
export function validateMetricValue(key: string, value: unknown): number {
  if (typeof value !== 'number') {
    throw new MLOpsError('INVALID_ARGUMENT', `Metric '${key}' has the value ${describe(value)}, which is not a number. Log numbers only (NaN and ±Infinity are kept).`);
  }
  return value;
}

/** Checks a metric step: a safe integer. */
export function validateStep(key: string, step: unknown): number {
  if (typeof step !== 'number' || !Number.isSafeInteger(step)) {
    throw new MLOpsError('INVALID_ARGUMENT', `Metric '${key}' has the step ${describe(step)}, which is not an integer. Use whole numbers such as the epoch or batch index.`);
  }
  return step;
}

/** Checks a timestamp in epoch milliseconds. */
export function validateTimestamp(key: string, timestamp: unknown): number {
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp)) {
    throw new MLOpsError('INVALID_ARGUMENT', `Metric '${key}' has the timestamp ${describe(timestamp)}. Use epoch milliseconds such as Date.now().`);
  }
  return Math.trunc(timestamp);
}

/**
 * Checks an artifact name: a relative '/'-separated path that stays inside the run's
 * folder. Returns it normalised (no './' segments).
 */
export function validateArtifactName(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new MLOpsError('INVALID_ARGUMENT', `The artifact name ${describe(name)} is not a non-empty string. Use a relative path such as 'model.onnx'.`);
  }
  if (name.length > limits.artifactName) {
    throw new MLOpsError('INVALID_ARGUMENT', `The artifact name '${name.slice(0, 40)}…' is ${name.length} characters long. Use at most ${limits.artifactName} characters.`);
  }
  if (controlCharacters.test(name)) {
    throw new MLOpsError('INVALID_ARGUMENT', `The artifact name ${JSON.stringify(name)} contains a control or NUL character. Use a plain relative path such as 'model.onnx'.`);
  }
  if (name.includes('\\')) {
    throw new MLOpsError('INVALID_ARGUMENT', `The artifact name '${name}' contains a backslash. Separate folders with '/', e.g. 'onnx/model.onnx'.`);
  }
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) {
    throw new MLOpsError('INVALID_ARGUMENT', `The artifact name '${name}' is an absolute path. Use a path relative to the run's folder, such as 'model.onnx'.`);
  }
  const segments = name.split('/').filter((segment) => segment !== '.' && segment !== '');
  if (segments.includes('..')) {
    throw new MLOpsError('INVALID_ARGUMENT', `Artifact name '${name}' leaves the run's folder ('..' is not allowed). Use a relative path such as 'model.onnx'.`);
  }
  if (segments.length === 0) {
    throw new MLOpsError('INVALID_ARGUMENT', `The artifact name '${name}' names no file. Use a relative path such as 'model.onnx'.`);
  }
  return segments.join('/');
}

/**
 * Checks the name of an artifact about to be uploaded: `validateArtifactName`, plus the
 * byte limits that make its key fit every repository. Names stored before those limits
 * existed stay readable, because lookups only use `validateArtifactName`.
 */
export function validateNewArtifactName(name: unknown): string {
  const normalized = validateArtifactName(name);
  const totalBytes = Buffer.byteLength(normalized);
  if (totalBytes > limits.artifactNameBytes) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `The artifact name '${normalized.slice(0, 40)}…' is ${totalBytes} bytes long in UTF-8. Use at most ${limits.artifactNameBytes} bytes, so its key fits every model repository.`,
    );
  }
  for (const segment of normalized.split('/')) {
    const segmentBytes = Buffer.byteLength(segment);
    if (segmentBytes > limits.artifactNameSegmentBytes) {
      throw new MLOpsError(
        'INVALID_ARGUMENT',
        `The artifact name '${normalized.slice(0, 40)}…' has a folder or file name of ${segmentBytes} bytes in UTF-8 ('${segment.slice(0, 20)}…'). Use at most ${limits.artifactNameSegmentBytes} bytes between slashes, so every model repository can store it.`,
      );
    }
  }
  return normalized;
}

/** A short, safe rendering of any value for error messages. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return `a ${typeof value}`;
}
