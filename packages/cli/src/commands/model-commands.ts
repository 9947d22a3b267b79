import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { action } from '../action.js';
import { collectKeyValue, collectList, integerAtLeast, jsonOption, withExamples } from './command-helpers.js';

const load = () => import('../actions/model-actions.js');

/** `models list|show|search`, `versions`, `register`, `alias set|delete`. */
export function defineModelCommands(program: CommandUnknownOpts): void {
  const models = program.command('models').alias('model').description('the model registry: registered models and their versions');
  withExamples(
    models
      .command('list')
      .alias('ls')
      .description('list registered models by name, with their latest version')
      .addOption(jsonOption())
      .action(action(async (context, options) => (await load()).listModels(context, options))),
    'mlops models list',
  );
  withExamples(
    models
      .command('show')
      .description('show a registered model: description, tags, versions and aliases')
      .argument('<model>', 'name or id')
      .addOption(jsonOption())
      .action(action(async (context, model, options) => (await load()).showModel(context, model, options))),
    'mlops models show iris-classifier',
  );
  withExamples(
    models
      .command('search')
      .description('search registered models, or their versions with --versions, with the filter language')
      .option('-f, --filter <filter>', "e.g. \"name LIKE 'iris%'\" or, with --versions, \"alias = 'champion'\"")
      .option('--versions', 'search model versions instead of registered models')
      .option('-o, --order-by <key>', 'sort key, repeatable', collectList)
      .option('-n, --limit <count>', 'results per page (1 to 10000, default 100)', integerAtLeast(1))
      .option('--page-token <token>', 'the nextPageToken of the previous page')
      .addOption(jsonOption())
      .action(action(async (context, options) => (await load()).searchModels(context, options))),
    "mlops models search --filter \"tags.team = 'vision'\"",
    "mlops models search --versions --filter \"name = 'iris-classifier' and registered_by = 'ci'\" --json",
  );
  withExamples(
    program
      .command('versions')
      .description('the versions of a registered model, newest first, with aliases and where each is deployed')
      .argument('<model>', 'name or id')
      .addOption(jsonOption())
      .action(action(async (context, model, options) => (await load()).listVersions(context, model, options))),
    'mlops versions iris-classifier',
  );
  withExamples(
    program
      .command('register')
      .description("register a run's artifact (or artifact folder, ending in /) as a new model version")
      .argument('<run>', 'run id')
      .argument('<artifact>', "the artifact's name, e.g. model.onnx, or a folder such as model/")
      .option('-m, --model <name>', "the registered model (created on first use); default: named after the run's experiment")
      .option('-d, --description <text>', "the version's description")
      .option('-t, --tag <key=value>', 'a tag of the version, repeatable', collectKeyValue)
      .option('--by <who>', 'who registers it (default: MLOPS_USER, else your user name)')
      .addOption(jsonOption())
      .action(action(async (context, run, artifact, options) => (await load()).registerModel(context, run, artifact, options))),
    'mlops register "$RUN" model.onnx --model iris-classifier',
    'mlops register "$RUN" model/ --model iris-classifier --description "folder export"',
  );
  const alias = program.command('alias').description('name a version of a registered model (champion, challenger …)');
  withExamples(
    alias
      .command('set')
      .description('point an alias at a version (moves it if it pointed elsewhere)')
      .argument('<model>', 'name or id')
      .argument('<alias>', 'e.g. champion')
      .argument('<version>', 'the version number', integerAtLeast(1))
      .action(action(async (context, model, aliasName, version) => (await load()).setAlias(context, model, aliasName, version))),
    'mlops alias set iris-classifier champion 3',
  );
  withExamples(
    alias
      .command('delete')
      .description('remove an alias')
      .argument('<model>', 'name or id')
      .argument('<alias>', 'e.g. champion')
      .action(action(async (context, model, aliasName) => (await load()).deleteAlias(context, model, aliasName))),
    'mlops alias delete iris-classifier challenger',
  );
}
