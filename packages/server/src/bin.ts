#!/usr/bin/env node
import { loadContext, MLOpsError, resolveConfig } from '@mlops-ts/core';
import { readServerConfiguration, usage } from './server-configuration.js';
import { createTrackingServer } from './tracking-server.js';

/**
 * `mlops-server`: builds the context from the MLOps.ts configuration with
 * `loadContext()` (run context capture off: runs belong to clients) and serves it until
 * SIGINT or SIGTERM.
 */
async function main(): Promise<void> {
  const configuration = await readServerConfiguration(process.argv.slice(2), process.env, process.cwd());
  if (configuration.help) {
    process.stdout.write(usage);
    return;
  }
  const resolved = await resolveConfig(configuration.configPath === undefined ? {} : { configPath: configuration.configPath });
  if (resolved.config.tracking !== undefined) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      'The configuration names a tracking server (tracking or MLOPS_TRACKING_URI), but this server needs a store and a repository of its own. Configure store and repository for the server, and give the tracking URI to its clients.',
    );
  }
  resolved.config.captureRunContext = false;
  const mlops = await loadContext({ resolvedConfig: resolved });
  let server;
  try {
    server = await createTrackingServer(mlops, configuration.options);
  } catch (error) {
    await mlops.close();
    throw error;
  }
  process.stdout.write(`mlops-server listening on ${server.url} (store: ${mlops.metadataStore.providerId}, repository: ${mlops.modelRepository.providerId})\n`);
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`mlops-server: ${(error as Error)?.message ?? String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`mlops-server: ${MLOpsError.isInstance(error) ? `${error.code}: ${error.message}` : ((error as Error)?.stack ?? String(error))}\n`);
  process.exit(1);
});
