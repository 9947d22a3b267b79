import path from 'node:path';
import { MLOpsError } from '../errors.js';
import { resolveRunContextOptions } from '../run-context/run-context-options.js';
import { describeProviderNames, describeSlot, findConfigProvider, type ConfigProvider } from './config-providers.js';
import { capitalize, describeConfigKey, describeType, type ConfigKeyPath } from './config-key-path.js';
import type { MLOpsConfig, ProviderConfig, TrackingConfig } from './mlops-config.js';
import { isPlainObject } from './plain-object.js';
import { normalizeProviderOptions } from './provider-options.js';

const sectionKeys = ['store', 'repository', 'tracking', 'captureRunContext'];
const namedProviderKeys = ['provider', 'options'];
const packageProviderKeys = ['package', 'method', 'options'];
const trackingKeys = ['uri', 'options'];
const methodNamePattern = /^[A-Za-z_$][\w$]*$/;

/**
 * Checks a config file's content (after `${VAR}` references) and returns it as an
 * `MLOpsConfig`: provider options in object form with relative paths resolved from the file's
 * folder, `captureRunContext.workingDirectory` too. Provider options are not checked key by
 * key: each provider checks its own when its builder method is called.
 *
 * @throws MLOpsError INVALID_ARGUMENT naming the key (as a JSON path) and the file, for an
 *   unknown key, a value of the wrong type, an unknown provider, or `tracking` beside
 *   `store` or `repository`.
 */
export function validateConfigFile(content: unknown, file: string): MLOpsConfig {
  if (!isPlainObject(content)) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `The configuration in ${file} is ${describeType(content)}, not an object. Give an object such as { "store": { "provider": "sqlite" } } (a .js/.ts file: as its default export).`,
    );
  }
  checkKnownKeys(content, [], sectionKeys, file);
  const baseDirectory = path.dirname(file);
  const config: MLOpsConfig = {};
  if (content.store !== undefined) config.store = validateProviderConfig(content.store, 'store', file, baseDirectory);
  if (content.repository !== undefined) config.repository = validateProviderConfig(content.repository, 'repository', file, baseDirectory);
  if (content.tracking !== undefined) {
    const other = ['store', 'repository'].find((key) => content[key] !== undefined);
    if (other !== undefined) {
      throw new MLOpsError(
        'INVALID_ARGUMENT',
        `${file} configures both 'tracking' and '${other}', but a tracking server serves the store and the repository itself. Keep 'tracking', or remove it to use 'store' and 'repository'.`,
      );
    }
    config.tracking = validateTrackingConfig(content.tracking, file);
  }
  if (content.captureRunContext !== undefined) config.captureRunContext = validateCaptureRunContext(content.captureRunContext, file, baseDirectory);
  return config;
}

function validateProviderConfig(value: unknown, slot: 'store' | 'repository', file: string, baseDirectory: string): ProviderConfig {
  expectObject(value, [slot], file, `{ "provider": ${slot === 'store' ? '"sqlite"' : '"local"'} }`);
  if (value.provider !== undefined && value.package !== undefined) {
    throw new MLOpsError('INVALID_ARGUMENT', `${capitalize(describeConfigKey([slot], file))} has both 'provider' and 'package'. Keep 'provider' for a provider of the table, or 'package' and 'method' for any other.`);
  }
  const optionsPath = [slot, 'options'];
  if (value.package !== undefined) {
    checkKnownKeys(value, [slot], packageProviderKeys, file);
    const packageName = expectString(value.package, [slot, 'package'], file, "a package name such as '@acme/mlops-redis'");
    const method = expectString(value.method, [slot, 'method'], file, "the builder method the package adds, such as 'useRedis'");
    if (!methodNamePattern.test(method)) {
      throw new MLOpsError('INVALID_ARGUMENT', `${capitalize(describeConfigKey([slot, 'method'], file))} is not a method name. Give the builder method the package adds, such as 'useRedis'.`);
    }
    const options = normalizeProviderOptions(undefined, value.options, baseDirectory, describeConfigKey(optionsPath, file));
    // A provider file of the project ('./providers/store.mjs') is relative to the config file, as other paths are.
    const specifier = packageName.startsWith('.') ? path.resolve(baseDirectory, packageName) : packageName;
    return { package: specifier, method, ...(options === undefined ? {} : { options }) };
  }
  checkKnownKeys(value, [slot], namedProviderKeys, file);
  const name = expectString(value.provider, [slot, 'provider'], file, `a provider name: ${describeProviderNames(slot)}`);
  const entry = findProviderForSlot(name, slot, describeConfigKey([slot, 'provider'], file));
  const options = normalizeProviderOptions(entry, value.options, baseDirectory, describeConfigKey(optionsPath, file));
  return { provider: name, ...(options === undefined ? {} : { options }) };
}

/**
 * The table's row named `name`, checked to fill `slot`.
 * @throws MLOpsError INVALID_ARGUMENT for an unknown name or a provider of another slot, naming `where`.
 */
export function findProviderForSlot(name: string, slot: 'store' | 'repository', where: string): ConfigProvider {
  const entry = findConfigProvider(name);
  if (entry === undefined) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `The ${describeSlot(slot)} provider '${name}' (${where}) is not one of ${describeProviderNames(slot)}. Use one of them, or name any other provider by its package and builder method: { "package": "…", "method": "use…" }.`,
    );
  }
  if (entry.slot !== slot) {
    const fix =
      entry.slot === 'tracking'
        ? `A tracking server serves both the store and the repository: give its URL as tracking.uri (or MLOPS_TRACKING_URI) instead.`
        : `Configure it as the ${describeSlot(entry.slot)} (under '${entry.slot}', or with MLOPS_${entry.slot.toUpperCase()}).`;
    throw new MLOpsError('INVALID_ARGUMENT', `'${name}' (${where}) is a ${describeSlot(entry.slot)} provider, not a ${describeSlot(slot)} provider. ${fix}`);
  }
  return entry;
}

function validateTrackingConfig(value: unknown, file: string): TrackingConfig {
  expectObject(value, ['tracking'], file, '{ "uri": "https://mlops.example.com" }');
  checkKnownKeys(value, ['tracking'], trackingKeys, file);
  const uri = expectString(value.uri, ['tracking', 'uri'], file, "the tracking server's URL, such as 'https://mlops.example.com'");
  checkTrackingUri(uri, describeConfigKey(['tracking', 'uri'], file));
  if (value.options === undefined) return { uri };
  expectObject(value.options, ['tracking', 'options'], file, '{ "token": "${MLOPS_TRACKING_TOKEN}" }');
  return { uri, options: value.options };
}

/**
 * Checks that a tracking URI is an http(s) URL, without repeating it (it may hold a password).
 * @throws MLOpsError INVALID_ARGUMENT naming `where`.
 */
export function checkTrackingUri(uri: string, where: string): void {
  let protocol: string | undefined;
  try {
    protocol = new URL(uri).protocol;
  } catch {
    // Reported below.
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new MLOpsError('INVALID_ARGUMENT', `The tracking server URI (${where}) is not an http or https URL. Give the server's URL, such as 'https://mlops.example.com'.`);
  }
}

function validateCaptureRunContext(value: unknown, file: string, baseDirectory: string): MLOpsConfig['captureRunContext'] {
  let options: ReturnType<typeof resolveRunContextOptions>;
  try {
    options = resolveRunContextOptions(value);
  } catch (error) {
    throw new MLOpsError('INVALID_ARGUMENT', `In ${file}: ${(error as Error).message}`, { cause: error });
  }
  if (typeof value === 'boolean' || options === false) return value as boolean;
  return options.workingDirectory === undefined ? options : { ...options, workingDirectory: path.resolve(baseDirectory, options.workingDirectory) };
}

function checkKnownKeys(value: Record<string, unknown>, keyPath: ConfigKeyPath, known: readonly string[], file: string): void {
  const unknown = Object.keys(value).find((key) => !known.includes(key));
  if (unknown === undefined) return;
  throw new MLOpsError(
    'INVALID_ARGUMENT',
    `${capitalize(describeConfigKey([...keyPath, unknown], file))} is not a configuration key. Use ${known.map((key) => `'${key}'`).join(', ')}${keyPath.length === 0 ? '' : ` under '${keyPath.join('.')}'`}.`,
  );
}

function expectObject(value: unknown, keyPath: ConfigKeyPath, file: string, example: string): asserts value is Record<string, unknown> {
  if (!isPlainObject(value)) {
    throw new MLOpsError('INVALID_ARGUMENT', `${capitalize(describeConfigKey(keyPath, file))} is ${describeType(value)}, not an object. Give an object such as ${example}.`);
  }
}

function expectString(value: unknown, keyPath: ConfigKeyPath, file: string, expected: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    const got = typeof value === 'string' ? 'an empty string' : describeType(value);
    throw new MLOpsError('INVALID_ARGUMENT', `${capitalize(describeConfigKey(keyPath, file))} is ${got}. Give ${expected}.`);
  }
  return value;
}
