import { loadContext, MLOpsError } from '@mlops-ts/core';
import type { ActionContext } from '../action.js';
import { importOptionalPeer } from './optional-peer.js';
import { resolveCliConfig, withBundledSQLite } from '../open-context.js';

type ServerModule = typeof import('@mlops-ts/server');

export interface ServerCommandOptions {
  port?: number;
  host?: string;
  tokensFile?: string;
  allowUnauthenticated?: boolean;
  ui?: boolean;
  logLevel?: string;
}

/**
 * `mlops server`: what the `mlops-server` bin does, from the CLI: the configuration the
 * command reads (so `--config` and the bundled SQLite apply), run context capture off (runs
 * belong to the clients), and a tracking configuration refused (the server needs a store of
 * its own). @mlops-ts/server is an optional peer, imported only here.
 */
export async function runServer({ output, globals }: ActionContext, options: ServerCommandOptions): Promise<void> {
  const server = await importOptionalPeer(() => import('@mlops-ts/server'), 'mlops server', '@mlops-ts/server');
  // The flags, then the MLOPS_SERVER_* variables, as mlops-server reads them.
  const argv = [
    ...(options.port === undefined ? [] : ['--port', String(options.port)]),
    ...(options.host === undefined ? [] : ['--host', options.host]),
    ...(options.tokensFile === undefined ? [] : ['--tokens-file', options.tokensFile]),
    ...(options.allowUnauthenticated ? ['--allow-unauthenticated'] : []),
    ...(options.ui ? ['--ui'] : []),
    ...(options.logLevel === undefined ? [] : ['--log-level', options.logLevel]),
  ];
  const configuration = await server.readServerConfiguration(argv, process.env, process.cwd());
  const resolved = withBundledSQLite(await resolveCliConfig(globals));
  if (resolved.config.tracking !== undefined) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      'The configuration names a tracking server (tracking or MLOPS_TRACKING_URI), but mlops server needs a store and a repository of its own. Configure store and repository for the server, and give the tracking URI to its clients.',
    );
  }
  resolved.config.captureRunContext = false;
  const mlops = await loadContext({ resolvedConfig: resolved });
  let running: Awaited<ReturnType<ServerModule['createTrackingServer']>>;
  try {
    running = await server.createTrackingServer(mlops, { ...configuration.options, closeContext: true });
  } catch (error) {
    await mlops.close();
    throw error;
  }
  output.print(`mlops server listening on ${running.url} (store: ${mlops.metadataStore.providerId}, repository: ${mlops.modelRepository.providerId}). Ctrl-C stops.`);
  await new Promise<void>((resolve, reject) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      output.note('Stopping: finishing the requests in flight…');
      running.close().then(resolve, reject);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
