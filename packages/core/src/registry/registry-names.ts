import { MLOpsError } from '../errors.js';
import { limits, validateName } from '../validation.js';

// '/' and '@' separate the parts of a models:/ URI, so a name holding one would be ambiguous.
const uriSeparators = /[/@]/;

/** Checks a registered model's name: a name that keeps `models:/<name>/<version>` and `models:/<name>@<alias>` unambiguous. */
export function validateRegisteredModelName(name: unknown): string {
  const checked = validateName('registered model name', name, limits.experimentName);
  if (uriSeparators.test(checked)) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `The registered model name '${checked}' contains '/' or '@', which separate the parts of a models:/ URI. Use another character, e.g. '${checked.replace(/[/@]/g, '-')}'.`,
    );
  }
  return checked;
}

// Letters, digits, '_' and '-', starting with a letter or '_': what survives in URIs, shells and YAML unquoted.
const aliasPattern = /^[A-Za-z_][A-Za-z0-9_-]*$/;
// MLflow refuses 'v<digits>' too: 'v3' would read as a version number.
const versionLike = /^v\d+$/i;

/** Checks an alias name such as 'champion'; `latest` and version-like names are refused. */
export function validateAliasName(alias: unknown): string {
  const checked = validateName('alias', alias);
  if (checked.toLowerCase() === 'latest') {
    throw new MLOpsError('INVALID_ARGUMENT', `The alias 'latest' is reserved: models:/<model>/latest always names the highest version. Choose another alias, e.g. 'champion'.`);
  }
  if (versionLike.test(checked) || !aliasPattern.test(checked)) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `The alias '${checked}' is not a valid alias name. Start with a letter or '_', use only letters, digits, '_' and '-', and avoid version-like names such as 'v3'.`,
    );
  }
  return checked;
}

/**
 * The registered model name an experiment's versions move to when the store is upgraded:
 * '/' and '@' become '_'. A caller adds ' (2)', ' (3)' … while the result is taken.
 */
export function registeredModelNameOfExperiment(experimentName: string): string {
  return experimentName.replace(/[/@]/g, '_');
}

/**
 * The registered model names the versions of these experiments move to when a store
 * written by the first release is upgraded, by experiment id: each experiment's name with
 * '/' and '@' as '_' (`registeredModelNameOfExperiment`), and ' (2)', ' (3)' … where that
 * is taken. Names that need no escaping are kept first, then the others claim theirs in
 * the order given (oldest experiment first), so every store upgrades to the same names.
 */
export function registeredModelNamesOfExperiments(experiments: readonly { id: string; name: string }[]): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const { id, name } of experiments) {
    if (registeredModelNameOfExperiment(name) === name && !taken.has(name)) {
      names.set(id, name);
      taken.add(name);
    }
  }
  for (const { id, name } of experiments) {
    if (names.has(id)) continue;
    const escaped = registeredModelNameOfExperiment(name);
    let candidate = escaped;
    for (let suffix = 2; taken.has(candidate); suffix++) candidate = `${escaped} (${suffix})`;
    names.set(id, candidate);
    taken.add(candidate);
  }
  return names;
}
