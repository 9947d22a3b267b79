import type { ActionContext } from '../action.js';
import { importOptionalPeer } from './optional-peer.js';

/**
 * `mlops serve`: @mlops-ts/onnx's `serve()` on the configured context until Ctrl-C or SIGTERM.
 * The package (and onnxruntime-node) is an optional peer, imported only here.
 */
export async function serveModel({ output, context }: ActionContext, model: string, options: { target: string; port: number; host: string; token?: string; pollInterval?: number }): Promise<void> {
  const onnx = await importOptionalPeer(() => import('@mlops-ts/onnx'), 'mlops serve', '@mlops-ts/onnx');
  const mlops = await context();
  const token = options.token ?? (process.env.MLOPS_SERVE_TOKEN || undefined);
  const server = await onnx.serve(mlops, {
    model,
    target: options.target,
    port: options.port,
    host: options.host,
    ...(token === undefined ? {} : { token }),
    ...(options.pollInterval === undefined ? {} : { pollIntervalMs: options.pollInterval }),
    onReload: (info) => output.note(`${new Date().toISOString()} serving ${JSON.stringify(info)}`),
    onReloadError: (error) => output.note(`${new Date().toISOString()} could not load the deployed model: ${error instanceof Error ? error.message : String(error)}`),
  });
  output.print(`Serving ${model} from ${options.target} on ${server.url} (POST /predict, GET /health, GET /metadata). Ctrl-C stops.`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      output.note('Stopping: finishing the requests in flight…');
      void server.close().then(resolve, resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
