import { MLOpsError } from '../errors.js';
import { describeProviderNames } from './config-providers.js';
import { describeType } from './config-key-path.js';
import { describeJsonError } from './json-error.js';
import type { ProviderConfig, ProviderOptions } from './mlops-config.js';
import { isPlainObject } from './plain-object.js';
import { checkTrackingUri, findProviderForSlot } from './validate-config-file.js';

/** The environment's part of a store or repository: all optional, merged over the file's. */
export interface EnvironmentProviderConfig {
  /** The provider named by `MLOPS_STORE`, or by `MLOPS_STORE_PACKAGE` and `MLOPS_STORE_METHOD` (no options). */
  provider?: ProviderConfig;
  /** The variable that named it. */
  providerVariable?: string;
  /** `MLOPS_STORE_OPTIONS`, parsed: an object, or a string standing for the provider's main option. */
  options?: ProviderOptions;
  /** `MLOPS_STORE_<NAME>` variables as options (`MLOPS_STORE_BUSY_TIMEOUT_MS` → `busyTimeoutMs`), values as strings. */
  optionVariables: Record<string, string>;
  /** The names of the option variables, for messages. */
  optionVariableNames: string[];
}

/** The environment's part of a configuration. */
export interface EnvironmentConfig {
  store: EnvironmentProviderConfig;
  repository: EnvironmentProviderConfig;
  /** `MLOPS_TRACKING_URI`, with `MLOPS_TRACKING_OPTIONS` and `MLOPS_TRACKING_<NAME>` (such as `MLOPS_TRACKING_TOKEN` → `token`) as options. */
  tracking: { uri?: string } & Omit<EnvironmentProviderConfig, 'provider' | 'providerVariable'>;
  /** `MLOPS_CAPTURE_RUN_CONTEXT` (`true` or `false`). */
  captureRunContext?: boolean;
  /** `MLOPS_CONFIG`: the config file to read. */
  configPath?: string;
  /** The `MLOPS_*` variables read, sorted. */
  variables: string[];
}

/** Variables with a meaning of their own under each prefix; any other `PREFIX_NAME` is an option. */
const reservedSuffixes: Record<'store' | 'repository' | 'tracking', readonly string[]> = {
  store: ['PACKAGE', 'METHOD', 'OPTIONS'],
  repository: ['PACKAGE', 'METHOD', 'OPTIONS'],
  tracking: ['URI', 'OPTIONS'],
};

/**
 * Reads the `MLOPS_*` variables that configure the store, the repository, a tracking server
 * and run-context capture. An empty variable counts as unset.
 *
 * @throws MLOpsError INVALID_ARGUMENT naming the variable, for an unknown provider, a package
 *   without a method, options that are not JSON, or a value of the wrong kind.
 */
export function readEnvironmentConfig(env: Readonly<Record<string, string | undefined>>): EnvironmentConfig {
  const variables: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name];
    if (value === undefined || value === '') return undefined;
    variables.push(name);
    return value;
  };
  const config: EnvironmentConfig = {
    store: readProviderVariables(env, 'store', read),
    repository: readProviderVariables(env, 'repository', read),
    tracking: readOptionVariables(env, 'tracking', read),
    variables: [],
  };
  const uri = read('MLOPS_TRACKING_URI');
  if (uri !== undefined) {
    checkTrackingUri(uri, 'MLOPS_TRACKING_URI');
    config.tracking.uri = uri;
  }
  const capture = read('MLOPS_CAPTURE_RUN_CONTEXT');
  if (capture !== undefined) {
    if (capture !== 'true' && capture !== 'false') {
      throw new MLOpsError('INVALID_ARGUMENT', `MLOPS_CAPTURE_RUN_CONTEXT is '${capture}', not 'true' or 'false'. Set it to 'false' to record no run context.`);
    }
    config.captureRunContext = capture === 'true';
  }
  const configPath = read('MLOPS_CONFIG');
  if (configPath !== undefined) config.configPath = configPath;
  config.variables = [...new Set(variables)].sort();
  return config;
}

function readProviderVariables(env: Readonly<Record<string, string | undefined>>, slot: 'store' | 'repository', read: (name: string) => string | undefined): EnvironmentProviderConfig {
  const prefix = `MLOPS_${slot.toUpperCase()}`;
  const config: EnvironmentProviderConfig = readOptionVariables(env, slot, read);
  const name = read(prefix);
  const packageName = read(`${prefix}_PACKAGE`);
  const method = read(`${prefix}_METHOD`);
  if (name !== undefined && (packageName !== undefined || method !== undefined)) {
    throw new MLOpsError('INVALID_ARGUMENT', `Both ${prefix} and ${prefix}_${packageName !== undefined ? 'PACKAGE' : 'METHOD'} are set. Set ${prefix} to a provider of the table, or ${prefix}_PACKAGE and ${prefix}_METHOD for any other.`);
  }
  if (name !== undefined) {
    findProviderForSlot(name, slot, `the environment variable ${prefix}`);
    return { ...config, provider: { provider: name }, providerVariable: prefix };
  }
  if (packageName === undefined && method === undefined) return config;
  if (packageName === undefined || method === undefined || !/^[A-Za-z_$][\w$]*$/.test(method)) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `${prefix}_PACKAGE and ${prefix}_METHOD name a provider together, and ${packageName === undefined ? `${prefix}_PACKAGE is not set` : method === undefined ? `${prefix}_METHOD is not set` : `${prefix}_METHOD is not a method name`}. Set the package and the builder method it adds, such as useRedis (or ${prefix} to one of ${describeProviderNames(slot)}).`,
    );
  }
  return { ...config, provider: { package: packageName, method }, providerVariable: `${prefix}_PACKAGE` };
}

function readOptionVariables(
  env: Readonly<Record<string, string | undefined>>,
  section: 'store' | 'repository' | 'tracking',
  read: (name: string) => string | undefined,
): EnvironmentProviderConfig {
  const prefix = `MLOPS_${section.toUpperCase()}_`;
  const config: EnvironmentProviderConfig = { optionVariables: {}, optionVariableNames: [] };
  const json = read(`${prefix}OPTIONS`);
  if (json !== undefined) config.options = parseOptionsVariable(`${prefix}OPTIONS`, json, section === 'tracking');
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith(prefix) || reservedSuffixes[section].includes(name.slice(prefix.length))) continue;
    const value = read(name);
    if (value === undefined) continue;
    const option = optionNameOf(name.slice(prefix.length));
    if (option === undefined) {
      throw new MLOpsError('INVALID_ARGUMENT', `The environment variable ${name} does not name an option. Name options as ${prefix}<NAME> in upper case with '_' between words, such as ${prefix}CONNECTION_STRING.`);
    }
    config.optionVariables[option] = value;
    config.optionVariableNames.push(name);
  }
  return config;
}

/** `BUSY_TIMEOUT_MS` → `busyTimeoutMs`; undefined for a name with empty words. */
function optionNameOf(suffix: string): string | undefined {
  const words = suffix.toLowerCase().split('_');
  if (words.some((word) => !/^[a-z0-9]+$/.test(word))) return undefined;
  return words.map((word, index) => (index === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1))).join('');
}

/** `MLOPS_STORE_OPTIONS`: a JSON object, or a JSON string (for the tracking server, an object only). Never repeated in messages: it may hold a secret. */
function parseOptionsVariable(name: string, text: string, objectOnly: boolean): ProviderOptions {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `The environment variable ${name} is not valid JSON (${describeJsonError(error, text)}). Give a JSON object such as {"path":"mlops/mlops.db"}; for one option, set ${name.replace(/OPTIONS$/, '<NAME>')} instead.`,
    );
  }
  if (isPlainObject(value) || (!objectOnly && typeof value === 'string')) return value;
  throw new MLOpsError('INVALID_ARGUMENT', `The environment variable ${name} holds ${describeType(value)}, not a JSON object${objectOnly ? '' : ' or string'}. Give a JSON object such as {"path":"mlops/mlops.db"}.`);
}
