import { InvalidArgumentError, type CommandUnknownOpts } from '@commander-js/extra-typings';
import ms from 'ms';
import { action } from '../action.js';
import { integerAtLeast, jsonOption, withExamples } from './command-helpers.js';

/** `purge`, `serve`. */
export function defineMaintenanceCommands(program: CommandUnknownOpts): void {
  withExamples(
    program
      .command('purge')
      .description('remove deleted runs and experiments for good, with their metrics, data and artifacts (asks first on a terminal)')
      .option('--older-than <age>', 'only items deleted at least this long ago, e.g. 30d, 12h, 90m', parseAge)
      .option('-e, --experiment <experiment>', 'only this experiment (name or id)')
      .option('-y, --yes', 'do not ask (needed without a terminal)')
      .addOption(jsonOption())
      .action(action(async (context, options) => (await import('../actions/purge-action.js')).purge(context, options))),
    'mlops purge',
    'mlops purge --older-than 30d --yes --json',
  );
  withExamples(
    program
      .command('serve')
      .description('serve the ONNX model a target serves for a registered model over HTTP, following new deployments (needs @mlops-ts/onnx)')
      .argument('<model>', 'registered model (or experiment) name')
      .requiredOption('--target <target>', 'the deployment target, e.g. Production')
      .option('-p, --port <port>', 'the TCP port; 0 picks a free one', integerAtLeast(0), 8080)
      .option('--host <host>', "the interface to bind; '0.0.0.0' accepts other machines", '127.0.0.1')
      .option('--token <token>', 'require this bearer token (default: MLOPS_SERVE_TOKEN when set)')
      .option('--poll-interval <ms>', 'how often to look for a new deployment, in milliseconds', integerAtLeast(0))
      .action(action(async (context, model, options) => (await import('../actions/serve-action.js')).serveModel(context, model, options))),
    'mlops serve iris-classifier --target Production --port 8080',
    "curl -H 'content-type: application/json' -d '{\"X\":[5.1,3.5,1.4,0.2]}' http://127.0.0.1:8080/predict",
  );
}

/** "30d", "12h", "90m", "45s" or milliseconds, as the `ms` package reads them. */
function parseAge(value: string): number {
  const milliseconds = /^\d+$/.test(value.trim()) ? Number(value) : (ms(value as ms.StringValue) as number | undefined);
  if (milliseconds === undefined || !Number.isFinite(milliseconds) || milliseconds < 0) throw new InvalidArgumentError(`'${value}' is not an age. Give one such as 30d, 12h, 90m or 45s.`);
  return milliseconds;
}
