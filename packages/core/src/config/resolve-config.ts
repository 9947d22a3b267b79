import path from 'node:path';
import { MLOpsError } from '../errors.js';
import { isSecretSettingName } from '../redact-secrets.js';
import { defaultConfigProvider, findConfigProvider } from './config-providers.js';
import { describeConfigKey, type ConfigKeyPath } from './config-key-path.js';
import { readEnvironmentConfig, type EnvironmentConfig, type EnvironmentProviderConfig } from './environment-config.js';
import { checkConfigPath, findConfigFile } from './find-config-file.js';
import { projectFoldersOf } from './import-from-project.js';
import { interpolateEnvironment } from './interpolate-environment.js';
import { rememberSecrets } from './mask-config.js';
import type { ConfigSource, MLOpsConfig, ProviderConfig, ProviderOptions, ResolveConfigOptions, ResolvedMLOpsConfig, TrackingConfig } from './mlops-config.js';
import { defaultProviderOptions, mergeProviderOptions, normalizeProviderOptions } from './provider-options.js';
import { readConfigFile } from './read-config-file.js';
import { validateConfigFile } from './validate-config-file.js';

/**
 * The configuration `loadContext` builds from, validated, with where each part came from.
 * Lowest to highest precedence: the embedded default, the config file, environment variables.
 *
 * @example
 * const { config, configFile, sources } = await resolveConfig();
 * console.log(configFile, sources.store, maskConfig(config));
 * @throws MLOpsError INVALID_ARGUMENT for a configuration that is not valid (naming the key
 *   and the file, or the variable); NOT_FOUND for a `configPath` that does not exist;
 *   UNSUPPORTED for a TypeScript config file this Node cannot import.
 */
export async function resolveConfig(options: ResolveConfigOptions = {}): Promise<ResolvedMLOpsConfig> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const environment = readEnvironmentConfig(env);
  const configFile =
    options.configPath !== undefined
      ? await checkConfigPath(options.configPath, cwd, 'the configPath option')
      : environment.configPath !== undefined
        ? await checkConfigPath(environment.configPath, cwd, 'MLOPS_CONFIG')
        : await findConfigFile(cwd);
  const baseDirectory = configFile === undefined ? cwd : path.dirname(configFile);
  const secrets: string[] = [];
  let fileConfig: MLOpsConfig = {};
  if (configFile !== undefined) {
    const content = await readConfigFile(configFile, projectFoldersOf(cwd, configFile));
    const interpolated = interpolateEnvironment(content, env, configFile, (reference) => {
      if (!reference.isDefault && isSecretSettingName(reference.name)) secrets.push(reference.value);
    });
    fileConfig = validateConfigFile(interpolated, configFile);
  }

  const merge = new ConfigMerge(fileConfig, configFile, environment, cwd, baseDirectory);
  const config: MLOpsConfig = {};
  const sources: ResolvedMLOpsConfig['sources'] = {};
  const tracking = merge.tracking();
  if (tracking !== undefined) {
    config.tracking = tracking.config;
    sources.tracking = tracking.source;
  } else {
    for (const slot of ['store', 'repository'] as const) {
      const { config: slotConfig, source } = merge.slot(slot);
      config[slot] = slotConfig;
      sources[slot] = source;
    }
  }
  if (environment.captureRunContext !== undefined) {
    // 'true' keeps the file's tuning; 'false' turns capture off.
    config.captureRunContext = environment.captureRunContext && fileConfig.captureRunContext !== undefined && fileConfig.captureRunContext !== false ? fileConfig.captureRunContext : environment.captureRunContext;
    sources.captureRunContext = { origin: 'environment', key: 'MLOPS_CAPTURE_RUN_CONTEXT' };
  } else if (fileConfig.captureRunContext !== undefined) {
    config.captureRunContext = fileConfig.captureRunContext;
    sources.captureRunContext = { origin: 'file', key: 'captureRunContext' };
  }
  rememberSecrets(config, secrets);
  return { config, configFile, baseDirectory, sources, environmentVariables: environment.variables };
}

type Layer = { options: ProviderOptions | undefined; where: string };

/** Puts the file's and the environment's parts of each section together. */
class ConfigMerge {
  constructor(
    private readonly file: MLOpsConfig,
    private readonly configFile: string | undefined,
    private readonly environment: EnvironmentConfig,
    private readonly cwd: string,
    private readonly baseDirectory: string,
  ) {}

  /**
   * The tracking server, if one is configured: by MLOPS_TRACKING_URI (which replaces the
   * file's store and repository), or by the file (unless the environment names both a store
   * and a repository).
   */
  tracking(): { config: TrackingConfig; source: ConfigSource } | undefined {
    const { environment, file } = this;
    const environmentSlots = (['store', 'repository'] as const).filter((slot) => environment[slot].provider !== undefined);
    const trackingVariables = [...(environment.tracking.options === undefined ? [] : ['MLOPS_TRACKING_OPTIONS']), ...environment.tracking.optionVariableNames];
    let uri: string;
    let source: ConfigSource;
    if (environment.tracking.uri !== undefined) {
      if (environmentSlots.length > 0) {
        const variable = environment[environmentSlots[0]!].providerVariable!;
        throw invalid(`Both MLOPS_TRACKING_URI and ${variable} are set, but a tracking server serves the store and the repository itself. Unset one of them.`);
      }
      uri = environment.tracking.uri;
      source = { origin: 'environment', key: 'MLOPS_TRACKING_URI' };
    } else if (file.tracking !== undefined && environmentSlots.length < 2) {
      if (environmentSlots.length === 1) {
        const variable = environment[environmentSlots[0]!].providerVariable!;
        throw invalid(
          `${variable} is set, but the config file configures a tracking server, which serves both the store and the repository. Set both MLOPS_STORE and MLOPS_REPOSITORY to replace it, or unset ${variable}.`,
        );
      }
      uri = file.tracking.uri;
      source = { origin: 'file', key: 'tracking.uri' };
    } else {
      if (trackingVariables.length > 0) {
        throw invalid(`${trackingVariables.join(' and ')} ${trackingVariables.length > 1 ? 'are' : 'is'} set, but no tracking server is configured. Set MLOPS_TRACKING_URI to the server's URL, or unset ${trackingVariables.join(' and ')}.`);
      }
      return undefined;
    }
    for (const slot of ['store', 'repository'] as const) {
      const variables = [...(environment[slot].options === undefined ? [] : [`MLOPS_${slot.toUpperCase()}_OPTIONS`]), ...environment[slot].optionVariableNames];
      if (variables.length > 0) {
        throw invalid(`${variables.join(' and ')} ${variables.length > 1 ? 'set' : 'sets'} ${slot} options, but the tracking server (${source.key}) serves the ${slot}. Unset ${variables.join(' and ')}, or the tracking server.`);
      }
    }
    const layers: Layer[] = [
      { options: file.tracking?.options, where: this.describeFileKey(['tracking', 'options']) },
      { options: environment.tracking.options, where: 'MLOPS_TRACKING_OPTIONS' },
      this.optionVariablesLayer(environment.tracking),
    ];
    const options = layers.reduce(mergeProviderOptions, { options: undefined, where: '' }).options as Record<string, unknown> | undefined;
    return { config: { uri, ...(options === undefined ? {} : { options }) }, source };
  }

  /** The store or the repository: the environment's provider, else the file's, else the embedded default, with options merged in that order. */
  slot(slot: 'store' | 'repository'): { config: ProviderConfig; source: ConfigSource } {
    const fromFile = this.file[slot];
    const fromEnvironment = this.environment[slot];
    const prefix = `MLOPS_${slot.toUpperCase()}`;
    let chosen: ProviderConfig;
    let source: ConfigSource;
    let fileOptions: Layer = { options: undefined, where: '' };
    if (fromEnvironment.provider !== undefined) {
      chosen = fromEnvironment.provider;
      source = { origin: 'environment', key: fromEnvironment.providerVariable! };
      // The file's options apply only to the provider it names.
      if (fromFile !== undefined && isSameProvider(fromFile, chosen)) fileOptions = { options: fromFile.options, where: this.describeFileKey([slot, 'options']) };
    } else if (fromFile !== undefined) {
      chosen = fromFile;
      source = { origin: 'file', key: 'provider' in fromFile ? `${slot}.provider` : `${slot}.package` };
      fileOptions = { options: fromFile.options, where: this.describeFileKey([slot, 'options']) };
    } else {
      chosen = { provider: defaultConfigProvider(slot).name };
      source = { origin: 'default', key: 'default' };
    }
    const entry = 'provider' in chosen ? findConfigProvider(chosen.provider) : undefined;
    const layers: Layer[] = [
      { options: defaultProviderOptions(entry, this.baseDirectory), where: `the default options of '${entry?.name ?? ''}'` },
      fileOptions,
      { options: normalizeProviderOptions(entry, fromEnvironment.options, this.cwd, `${prefix}_OPTIONS`), where: `${prefix}_OPTIONS` },
      this.optionVariablesLayer(fromEnvironment, entry),
    ];
    const options = layers.reduce(mergeProviderOptions, { options: undefined, where: '' }).options;
    const { options: _unused, ...withoutOptions } = chosen;
    return { config: { ...withoutOptions, ...(options === undefined ? {} : { options }) } as ProviderConfig, source };
  }

  private describeFileKey(keyPath: ConfigKeyPath): string {
    return describeConfigKey(keyPath, this.configFile ?? 'the config file');
  }

  private optionVariablesLayer(variables: Pick<EnvironmentProviderConfig, 'optionVariables' | 'optionVariableNames'>, entry?: ReturnType<typeof findConfigProvider>): Layer {
    if (variables.optionVariableNames.length === 0) return { options: undefined, where: '' };
    const where = variables.optionVariableNames.join(', ');
    return { options: normalizeProviderOptions(entry, variables.optionVariables, this.cwd, where), where };
  }
}

function isSameProvider(a: ProviderConfig, b: ProviderConfig): boolean {
  if ('provider' in a || 'provider' in b) return 'provider' in a && 'provider' in b && a.provider === b.provider;
  return a.package === b.package && a.method === b.method;
}

function invalid(message: string): MLOpsError {
  return new MLOpsError('INVALID_ARGUMENT', message);
}
