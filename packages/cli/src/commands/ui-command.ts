import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { action } from '../action.js';
import { integerAtLeast, withExamples } from './command-helpers.js';

/** `mlops ui`: the tracking server with the web UI over the configured store. */
export function defineUiCommand(program: CommandUnknownOpts): void {
  withExamples(
    program
      .command('ui')
      .description('open the web UI: serves the configured store and repository with @mlops-ts/server and @mlops-ts/ui at http://127.0.0.1:5000 until Ctrl-C')
      .option('-p, --port <port>', 'the TCP port; 0 picks a free one (default: MLOPS_SERVER_PORT, else 5000)', integerAtLeast(0))
      .option('--host <host>', "the interface to bind; '0.0.0.0' serves the network and then needs tokens (default: MLOPS_SERVER_HOST, else 127.0.0.1)")
      .option('--tokens-file <file>', 'JSON list of { name, token, scope } the server accepts (or MLOPS_SERVER_TOKENS_FILE, MLOPS_SERVER_TOKENS)')
      .option('--allow-unauthenticated', 'serve a network address without tokens')
      .action(action(async (context, options) => (await import('../actions/ui-action.js')).serveUi(context, options))),
    'mlops ui',
    'mlops ui --port 8080',
    'MLOPS_SERVER_TOKENS=\'[{"name":"me","token":"…","scope":"write"}]\' mlops ui --host 0.0.0.0',
  );
}
