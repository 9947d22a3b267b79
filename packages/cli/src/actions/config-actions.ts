import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { configFileNames, configProviders, isSecretSettingName, maskConfig, MLOpsError, redactSecrets, type ConfigSource, type MLOpsConfig, type ProviderConfig } from '@mlops-ts/core';
import type { ActionContext } from '../action.js';
import { formatFields } from '../format/table.js';
import { resolveCliConfig } from '../open-context.js';

/** `mlops config show`: the resolved configuration, masked, with where each part comes from. */
export async function showConfig({ output, globals }: ActionContext, options: { json?: boolean }): Promise<void> {
  const resolved = await resolveCliConfig(globals);
  const config = maskConfig(resolved.config);
  if (options.json) {
    output.printJson({ configFile: resolved.configFile ?? null, baseDirectory: resolved.baseDirectory, config, sources: resolved.sources, environmentVariables: resolved.environmentVariables });
    return;
  }
  const { colors } = output;
  const where = (source: ConfigSource | undefined): string =>
    colors.dim(source === undefined || source.origin === 'default' ? '(embedded default)' : source.origin === 'environment' ? `(${source.key})` : `(${source.key} in the config file)`);
  const fields: [string, string][] = [['config file', resolved.configFile ?? colors.dim('none found (add one with mlops config set)')]];
  const section = (label: string, provider: ProviderConfig | undefined, source: ConfigSource | undefined): void => {
    if (provider === undefined) return;
    fields.push([label, `${'provider' in provider ? provider.provider : `${provider.package} ${provider.method}()`}  ${where(source)}`]);
    const providerOptions = provider.options;
    if (typeof providerOptions === 'string') fields.push([`  options`, providerOptions]);
    else for (const [key, value] of Object.entries(providerOptions ?? {})) fields.push([`  ${key}`, typeof value === 'string' ? value : JSON.stringify(value)]);
  };
  if (config.tracking !== undefined) {
    fields.push(['tracking server', `${config.tracking.uri}  ${where(resolved.sources.tracking)}`]);
    for (const [key, value] of Object.entries(config.tracking.options ?? {})) fields.push([`  ${key}`, typeof value === 'string' ? value : JSON.stringify(value)]);
  }
  section('store', config.store, resolved.sources.store);
  section('repository', config.repository, resolved.sources.repository);
  fields.push(['run context', `${config.captureRunContext === false ? 'not captured' : config.captureRunContext === undefined || config.captureRunContext === true ? 'captured' : JSON.stringify(config.captureRunContext)}  ${where(resolved.sources.captureRunContext)}`]);
  if (resolved.environmentVariables.length > 0) fields.push(['variables', resolved.environmentVariables.join(', ')]);
  output.print(formatFields(colors, fields));
}

/** Options of `mlops config set store|repository`. */
export interface SetProviderOptions {
  connectionString?: string;
  option?: Record<string, string>;
  options?: string;
  package?: string;
  method?: string;
  path?: string;
  schema?: string;
  endpoint?: string;
  key?: string;
  databaseId?: string;
  rootDir?: string;
  bucket?: string;
  region?: string;
  forcePathStyle?: boolean;
  container?: string;
  prefix?: string;
}

// The flags that are provider options under the same (camelCase) name.
const optionFlags = ['connectionString', 'path', 'schema', 'endpoint', 'key', 'databaseId', 'rootDir', 'bucket', 'region', 'forcePathStyle', 'container', 'prefix'] as const;

/** `mlops config set store|repository <provider>`: writes that section of mlops.config.json, keeping the rest. */
export async function setProvider({ output, globals }: ActionContext, slot: 'store' | 'repository', providerName: string | undefined, flags: SetProviderOptions): Promise<void> {
  const file = await configFileToWrite(globals.config);
  const options = providerOptionsOf(flags);
  const section = providerSection(slot, providerName, flags, options);
  const existing = existsSync(file) ? await readJsonConfig(file) : {};
  const { tracking, ...rest } = existing;
  const updated: MLOpsConfig = { ...rest, [slot]: section };
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(updated, null, 2)}\n`);
  await rename(temporary, file);

  if (tracking !== undefined) output.note(`Removed the tracking server (${tracking.uri}) from ${file}: a ${slot} of its own replaces it.`);
  for (const [name, value] of Object.entries(options)) {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (!text.includes('${') && (isSecretSettingName(name) || (typeof value === 'string' && redactSecrets(value) !== value))) {
      output.note(`Note: the option '${name}' holds a secret, now written into ${file} as is. Keep it out of the file with a reference: --option '${name}=\${MY_SECRET}' reads the variable MY_SECRET when the configuration loads.`);
    }
  }
  const shown = maskConfig({ [slot]: section } as MLOpsConfig)[slot];
  output.print(`${output.colors.green('✓')} ${slot} set in ${file}: ${JSON.stringify(shown)}`);
}

function providerOptionsOf(flags: SetProviderOptions): Record<string, unknown> {
  let fromJson: Record<string, unknown> = {};
  if (flags.options !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(flags.options);
    } catch (cause) {
      throw new MLOpsError('INVALID_ARGUMENT', `--options is not valid JSON (${(cause as Error).message}). Give an object such as '{"busyTimeoutMs": 1000}'.`, { cause });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new MLOpsError('INVALID_ARGUMENT', `--options is not a JSON object. Give an object such as '{"busyTimeoutMs": 1000}'.`);
    fromJson = parsed as Record<string, unknown>;
  }
  const fromFlags = Object.fromEntries(optionFlags.filter((name) => flags[name] !== undefined).map((name) => [name, flags[name]]));
  return { ...fromJson, ...flags.option, ...fromFlags };
}

function providerSection(slot: 'store' | 'repository', providerName: string | undefined, flags: SetProviderOptions, options: Record<string, unknown>): ProviderConfig {
  const withOptions = Object.keys(options).length === 0 ? {} : { options };
  if (flags.package !== undefined || flags.method !== undefined) {
    if (flags.package === undefined || flags.method === undefined) throw new MLOpsError('INVALID_ARGUMENT', `--package and --method go together. Give both, e.g. --package @acme/mlops-redis --method useRedis.`);
    if (providerName !== undefined) throw new MLOpsError('INVALID_ARGUMENT', `Both a provider ('${providerName}') and --package are given. Give one of them.`);
    return { package: flags.package, method: flags.method, ...withOptions };
  }
  const choices = configProviders.filter((provider) => provider.slot === slot);
  const names = choices.map((provider) => provider.name).join(', ');
  if (providerName === undefined) throw new MLOpsError('INVALID_ARGUMENT', `No ${slot} provider is given. Name one of ${names}, or another package with --package and --method.`);
  const provider = choices.find((candidate) => candidate.name === providerName);
  if (provider === undefined) {
    const otherSlot = configProviders.find((candidate) => candidate.name === providerName);
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      otherSlot !== undefined
        ? `'${providerName}' is a ${otherSlot.slot} provider, not a ${slot} one. Use mlops config set ${otherSlot.slot} ${providerName}, or name one of ${names}.`
        : `'${providerName}' is not a ${slot} provider. Name one of ${names}, or another package with --package and --method.`,
    );
  }
  if (provider.takesOptions === false && Object.keys(options).length > 0) throw new MLOpsError('INVALID_ARGUMENT', `The ${slot} '${providerName}' takes no options. Leave the options out.`);
  return { provider: provider.name, ...withOptions };
}

/** --config when given, else the mlops.config.* found from the working folder up (to the git root), else ./mlops.config.json. */
async function configFileToWrite(configOption: string | undefined): Promise<string> {
  const named = configOption ?? (process.env.MLOPS_CONFIG || undefined);
  const file = named !== undefined ? path.resolve(named) : (findConfigFile(process.cwd()) ?? path.resolve('mlops.config.json'));
  if (path.extname(file) !== '.json') {
    throw new MLOpsError('UNSUPPORTED', `${file} is not a JSON file, and mlops config set writes JSON only (a .js or .ts file computes its values). Edit it by hand, or name a .json file with --config.`);
  }
  return file;
}

function findConfigFile(start: string): string | undefined {
  for (let directory = start; ; directory = path.dirname(directory)) {
    const found = configFileNames.find((name) => existsSync(path.join(directory, name)));
    if (found !== undefined) return path.join(directory, found);
    if (existsSync(path.join(directory, '.git')) || path.dirname(directory) === directory) return undefined;
  }
}

async function readJsonConfig(file: string): Promise<MLOpsConfig> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (cause) {
    throw new MLOpsError('INVALID_ARGUMENT', `${file} is not valid JSON (${(cause as Error).message}), so it cannot be updated. Fix it by hand, or remove it.`, { cause });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new MLOpsError('INVALID_ARGUMENT', `${file} does not hold a JSON object. Fix it by hand, or remove it.`);
  return parsed as MLOpsConfig;
}
