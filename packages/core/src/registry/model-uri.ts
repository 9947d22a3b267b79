import { MLOpsError } from '../errors.js';
import { validateAliasName, validateRegisteredModelName } from './registry-names.js';

/** What a `models:/` URI names: one version, the version an alias points at, or the highest version. */
export type ModelUri =
  | { model: string; kind: 'version'; version: number }
  | { model: string; kind: 'alias'; alias: string }
  | { model: string; kind: 'latest' };

const scheme = 'models:/';

/** True when the value is a string that starts with `models:/` (so it is parsed as a URI, not taken as an id). */
export function isModelUri(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(scheme);
}

/**
 * Parses `models:/<model>/<version>`, `models:/<model>@<alias>` or `models:/<model>/latest`.
 * The model name is URI-decoded, so `models:/fraud%20detector/2` names 'fraud detector'.
 * @throws INVALID_ARGUMENT naming what is wrong with the URI.
 */
export function parseModelUri(uri: string): ModelUri {
  if (!isModelUri(uri)) throw invalid(uri, `it does not start with '${scheme}'`);
  const rest = uri.slice(scheme.length);
  const at = rest.indexOf('@');
  const slash = rest.indexOf('/');
  if (at >= 0 && (slash < 0 || at < slash)) {
    const model = decodeModelName(uri, rest.slice(0, at));
    const alias = rest.slice(at + 1);
    if (alias.length === 0) throw invalid(uri, 'the alias after @ is empty');
    try {
      return { model, kind: 'alias', alias: validateAliasName(alias) };
    } catch (cause) {
      throw invalid(uri, `'${alias}' is not an alias name`, cause);
    }
  }
  if (slash < 0) throw invalid(uri, 'it names no version');
  const model = decodeModelName(uri, rest.slice(0, slash));
  const version = rest.slice(slash + 1);
  if (version === 'latest') return { model, kind: 'latest' };
  if (!/^[1-9]\d*$/.test(version) || !Number.isSafeInteger(Number(version))) throw invalid(uri, `'${version}' is not a version number (1, 2, 3 …) or 'latest'`);
  return { model, kind: 'version', version: Number(version) };
}

/** The URI of one version, e.g. `models:/iris-classifier/3`. */
export function formatModelUri(model: string, reference: number | 'latest' | { alias: string }): string {
  const name = encodeURIComponent(model);
  if (typeof reference === 'object') return `${scheme}${name}@${reference.alias}`;
  return `${scheme}${name}/${reference}`;
}

function decodeModelName(uri: string, encoded: string): string {
  if (encoded.length === 0) throw invalid(uri, 'the model name is empty');
  let name: string;
  try {
    name = decodeURIComponent(encoded);
  } catch (cause) {
    throw invalid(uri, `'${encoded}' is not valid URI encoding`, cause);
  }
  try {
    return validateRegisteredModelName(name);
  } catch (cause) {
    throw invalid(uri, `'${name}' is not a registered model name`, cause);
  }
}

function invalid(uri: string, reason: string, cause?: unknown): MLOpsError {
  return new MLOpsError(
    'INVALID_ARGUMENT',
    `The model URI '${uri}' is not valid: ${reason}. Write models:/<model>/<version>, models:/<model>@<alias> or models:/<model>/latest.`,
    cause === undefined ? {} : { cause },
  );
}
