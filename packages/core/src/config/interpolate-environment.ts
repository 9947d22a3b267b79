import { MLOpsError } from '../errors.js';
import { capitalize, describeConfigKey, type ConfigKeyPath } from './config-key-path.js';
import { isPlainObject } from './plain-object.js';

/** A `${NAME}` reference replaced by `interpolateEnvironment`. */
export interface EnvironmentReference {
  /** The variable's name. */
  name: string;
  /** What replaced the reference: the variable's value, or the default when it was unset or empty. */
  value: string;
  /** True when the default was used. */
  isDefault: boolean;
}

// `$${` is a literal `${`; `${NAME}` or `${NAME:-default}` a reference; any other `${` is malformed.
const referencePattern = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$\{/g;

/**
 * A copy of a configuration whose strings have their `${NAME}` references replaced by the
 * environment variable's value, and `${NAME:-default}` by the default when the variable is
 * unset or empty (as in a POSIX shell). `$${` stands for a literal `${`. Objects and arrays
 * are walked; other values (numbers, class instances such as credentials) are kept as they are.
 *
 * @param onReference Called for each reference replaced, so secrets taken from variables can be masked later.
 * @throws MLOpsError INVALID_ARGUMENT naming the variable, the key and the file, for an unset
 *   variable without a default or a malformed reference.
 */
export function interpolateEnvironment(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
  file: string,
  onReference: (reference: EnvironmentReference) => void = () => {},
  keyPath: ConfigKeyPath = [],
): unknown {
  if (typeof value === 'string') return interpolateString(value, env, file, keyPath, onReference);
  if (Array.isArray(value)) return value.map((item, index) => interpolateEnvironment(item, env, file, onReference, [...keyPath, index]));
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolateEnvironment(item, env, file, onReference, [...keyPath, key])]));
}

function interpolateString(
  text: string,
  env: Readonly<Record<string, string | undefined>>,
  file: string,
  keyPath: ConfigKeyPath,
  onReference: (reference: EnvironmentReference) => void,
): string {
  return text.replace(referencePattern, (match: string, name: string | undefined, fallback: string | undefined, offset: number) => {
    if (match === '$${') return '${';
    if (name === undefined) {
      const end = text.indexOf('}', offset);
      const reference = end === -1 || end - offset > 40 ? `${text.slice(offset, offset + 12)}…` : text.slice(offset, end + 1);
      throw new MLOpsError(
        'INVALID_ARGUMENT',
        `${capitalize(describeConfigKey(keyPath, file))} holds '${reference}', which is not a reference to an environment variable. Write \${NAME} or \${NAME:-default} (a letter or '_', then letters, digits or '_'), or $\${ for a literal '\${'.`,
      );
    }
    const variable = env[name];
    if (variable !== undefined && variable !== '') {
      onReference({ name, value: variable, isDefault: false });
      return variable;
    }
    if (fallback !== undefined) {
      onReference({ name, value: fallback, isDefault: true });
      return fallback;
    }
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `The environment variable ${name}, which ${describeConfigKey(keyPath, file)} refers to, is ${variable === '' ? 'empty' : 'not set'}. Set ${name}, or give a default: \${${name}:-value}.`,
    );
  });
}
