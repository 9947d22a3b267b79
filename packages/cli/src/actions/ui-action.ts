import type { ActionContext } from '../action.js';
import { importOptionalPeer } from './optional-peer.js';

/**
 * `mlops ui`: @mlops-ts/server's tracking server with `ui: true` over the configured context,
 * until Ctrl-C or SIGTERM. The server and @mlops-ts/ui are optional peers, imported only here.
 */
export async function serveUi(
  { output, context }: ActionContext,
  options: { port?: number; host?: string; tokensFile?: string; allowUnauthenticated?: boolean },
): Promise<void> {
  const server = await importOptionalPeer(() => import('@mlops-ts/server'), 'mlops ui', '@mlops-ts/server', ['@mlops-ts/server', '@mlops-ts/ui']);
  // The flags, then the MLOPS_SERVER_* variables, as mlops-server reads them.
  const argv = [
    ...(options.port === undefined ? [] : ['--port', String(options.port)]),
    ...(options.host === undefined ? [] : ['--host', options.host]),
    ...(options.tokensFile === undefined ? [] : ['--tokens-file', options.tokensFile]),
    ...(options.allowUnauthenticated ? ['--allow-unauthenticated'] : []),
  ];
  const configuration = await server.readServerConfiguration(argv, process.env, process.cwd());
  const mlops = await context();
  const running = await server.createTrackingServer(mlops, { ...configuration.options, ui: true, closeContext: false, logger: { level: 'warn' } });
  output.print(`MLOps.ts UI on ${running.url}/ (store: ${mlops.metadataStore.providerId}, repository: ${mlops.modelRepository.providerId}). Ctrl-C stops.`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      output.note('Stopping: finishing the requests in flight…');
      void running.close().then(resolve, resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
