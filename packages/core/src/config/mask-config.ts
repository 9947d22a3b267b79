import { isSecretSettingName, redactSecrets } from '../redact-secrets.js';
import type { MLOpsConfig } from './mlops-config.js';
import { isPlainObject } from './plain-object.js';

const mask = '***';

// Values `resolveConfig` took from `${VAR}` references to secret-named variables, by configuration.
const rememberedSecrets = new WeakMap<object, readonly string[]>();

/** Records values `maskConfig` must mask wherever they appear in `config` (such as `${DB_PASSWORD}` inside a URL). */
export function rememberSecrets(config: MLOpsConfig, secrets: readonly string[]): void {
  if (secrets.length > 0) rememberedSecrets.set(config, [...secrets]);
}

/**
 * A copy of `config` fit to print (`mlops config show`, logs), with secrets masked as `***`:
 *
 * - the value of every setting whose name holds a secret (`password`, `key`, `token`,
 *   `secretAccessKey`, `credentials` …, see `isSecretSettingName`), and that value wherever else it appears;
 * - passwords inside URLs and connection strings (`Password=…`, `AccountKey=…`, see `redactSecrets`);
 * - the values of `${VAR}` references to secret-named variables (`${DB_PASSWORD}`) wherever
 *   they ended up, when `config` comes from `resolveConfig`.
 *
 * Objects that are not plain data (a credential instance, a function) are shown by their kind,
 * such as `[DefaultAzureCredential]`.
 *
 * @example
 * console.log(JSON.stringify(maskConfig((await resolveConfig()).config), null, 2));
 */
export function maskConfig(config: MLOpsConfig): MLOpsConfig {
  const secrets = [...(rememberedSecrets.get(config) ?? []), ...collectSecretValues(config)];
  return maskValue(config, secrets) as MLOpsConfig;
}

function maskValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redactSecrets(value, secrets);
  if (typeof value === 'function') return '[function]';
  if (Array.isArray(value)) return value.map((item) => maskValue(item, secrets));
  if (typeof value !== 'object' || value === null) return value;
  if (!isPlainObject(value)) return `[${(value as object).constructor?.name || 'object'}]`;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, isSecretSettingName(key) && item !== undefined && item !== null && item !== '' ? mask : maskValue(item, secrets)]),
  );
}

/** The strings held by secret-named settings, so the same text is masked where else it appears. */
function collectSecretValues(value: unknown, underSecretName = false): string[] {
  if (typeof value === 'string') return underSecretName ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((item) => collectSecretValues(item, underSecretName));
  if (!isPlainObject(value)) return [];
  return Object.entries(value).flatMap(([key, item]) => collectSecretValues(item, underSecretName || isSecretSettingName(key)));
}
