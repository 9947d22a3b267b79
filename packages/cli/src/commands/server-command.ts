import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { Option } from '@commander-js/extra-typings';
import { action } from '../action.js';
import { integerAtLeast, withExamples } from './command-helpers.js';

/** `mlops server`: the tracking server (`mlops-server`) over the configured store and repository. */
export function defineServerCommand(program: CommandUnknownOpts): void {
  withExamples(
    program
      .command('server')
      .description('run the tracking server of @mlops-ts/server (/api/v1, /health, /metrics) over the configured store and repository until Ctrl-C or SIGTERM')
      .option('-p, --port <port>', 'the TCP port; 0 picks a free one (default: MLOPS_SERVER_PORT, else 5000)', integerAtLeast(0))
      .option('--host <host>', "the interface to bind; '0.0.0.0' serves the network and then needs tokens (default: MLOPS_SERVER_HOST, else 127.0.0.1)")
      .option('--tokens-file <file>', 'JSON list of { name, token, scope } the server accepts (or MLOPS_SERVER_TOKENS_FILE, MLOPS_SERVER_TOKENS)')
      .option('--allow-unauthenticated', 'serve a network address without tokens (or MLOPS_SERVER_ALLOW_UNAUTHENTICATED=true)')
      .option('--ui', 'also serve the web UI at / (needs @mlops-ts/ui; or MLOPS_SERVER_UI=true)')
      .addOption(new Option('--log-level <level>', 'request log level on stdout (default: MLOPS_SERVER_LOG_LEVEL, else info)').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const))
      .action(action(async (context, options) => (await import('../actions/server-action.js')).runServer(context, options))),
    'mlops server',
    'mlops server --port 8080 --log-level warn',
    'mlops --config team.config.json server --host 0.0.0.0 --tokens-file tokens.json',
  );
}
