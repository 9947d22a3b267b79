import { Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { action } from '../action.js';
import { integerAtLeast, jsonOption, withExamples } from './command-helpers.js';

const load = () => import('../actions/deployment-actions.js');

/** `targets list|create|delete`, `deploy`, `undeploy`, `history`, `rollback`, `uri`. */
export function defineDeploymentCommands(program: CommandUnknownOpts): void {
  const targets = program.command('targets').alias('target').description('deployment targets (Test, Stage, Production …)');
  withExamples(
    targets
      .command('list')
      .alias('ls')
      .description('list deployment targets')
      .addOption(jsonOption())
      .action(action(async (context, options) => (await load()).listTargets(context, options))),
    'mlops targets list',
  );
  withExamples(
    targets
      .command('create')
      .description('create a deployment target')
      .argument('<name>', 'a unique name, e.g. Production')
      .option('--production', 'mark it as a production target')
      .addOption(jsonOption())
      .action(action(async (context, name, options) => (await load()).createTarget(context, name, options))),
    'mlops targets create Test',
    'mlops targets create Production --production',
  );
  withExamples(
    targets
      .command('delete')
      .description('delete a deployment target that serves nothing')
      .argument('<target>', 'name or id')
      .action(action(async (context, target) => (await load()).deleteTarget(context, target))),
    'mlops targets delete Stage',
  );
  withExamples(
    program
      .command('deploy')
      .description('deploy a version of a registered model to a target (replaces what the target served for that model)')
      .argument('<model>', 'registered model name or id')
      .argument('<version>', 'a version number, @alias, or latest')
      .requiredOption('--to <target>', 'the deployment target, e.g. Production')
      .option('--by <who>', 'who deploys (default: MLOPS_USER, else your user name)')
      .addOption(jsonOption())
      .action(action(async (context, model, version, options) => (await load()).deploy(context, model, version, options))),
    'mlops deploy iris-classifier 3 --to Test',
    'mlops deploy iris-classifier @champion --to Production',
  );
  withExamples(
    program
      .command('undeploy')
      .description('stop serving a registered model on a target (recorded in its history)')
      .argument('<model>', 'registered model name or id')
      .requiredOption('--target <target>', 'the deployment target')
      .option('--by <who>', 'who undeploys (default: MLOPS_USER, else your user name)')
      .action(action(async (context, model, options) => (await load()).undeploy(context, model, options))),
    'mlops undeploy iris-classifier --target Test',
  );
  withExamples(
    program
      .command('rollback')
      .description('redeploy the version a target served before the current one')
      .argument('<model>', 'registered model name or id')
      .requiredOption('--target <target>', 'the deployment target')
      .option('--by <who>', 'who rolls back (default: MLOPS_USER, else your user name)')
      .addOption(jsonOption())
      .action(action(async (context, model, options) => (await load()).rollback(context, model, options))),
    'mlops rollback iris-classifier --target Production',
  );
  withExamples(
    program
      .command('history')
      .description('every deployment of a registered model, newest first, on every target')
      .argument('<model>', 'registered model name or id')
      .option('--target <target>', 'only this target')
      .addOption(jsonOption())
      .action(action(async (context, model, options) => (await load()).history(context, model, options))),
    'mlops history iris-classifier',
    'mlops history iris-classifier --target Production --json',
  );
  withExamples(
    program
      .command('uri')
      .description('where the model a target serves lives, or with --url a link a plain HTTP client can download until it expires')
      .argument('<model>', 'registered model name or id')
      .requiredOption('--target <target>', 'the deployment target')
      .option('--url', 'a download URL (S3 presigned, Azure SAS, file://) instead of the storage URI')
      .addOption(new Option('--expires-in <seconds>', 'how long the URL works, in seconds (default 3600)').argParser(integerAtLeast(1)))
      .addOption(jsonOption())
      .action(action(async (context, model, options) => (await load()).uri(context, model, options))),
    'mlops uri iris-classifier --target Production',
    'curl -o model.onnx "$(mlops uri iris-classifier --target Production --url --expires-in 600)"',
  );
}
