import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { action } from '../action.js';
import { collectKeyValue, collectList, jsonOption, lifecycleOption, withExamples } from './command-helpers.js';

const load = () => import('../actions/experiment-actions.js');

/** `experiments list|show|create|rename|delete|restore|tag`. */
export function defineExperimentCommands(program: CommandUnknownOpts): void {
  const experiments = program.command('experiments').alias('experiment').description('list, create, rename, tag, delete and restore experiments');
  withExamples(
    experiments
      .command('list')
      .alias('ls')
      .description('list experiments, oldest first')
      .addOption(lifecycleOption())
      .addOption(jsonOption())
      .action(action(async (context, options) => (await load()).listExperiments(context, options))),
    'mlops experiments list',
    'mlops experiments list --lifecycle deleted --json',
  );
  withExamples(
    experiments
      .command('show')
      .description('show an experiment: description, tags, its runs and the keys they logged')
      .argument('<experiment>', 'name or id')
      .addOption(jsonOption())
      .action(action(async (context, experiment, options) => (await load()).showExperiment(context, experiment, options))),
    'mlops experiments show iris',
  );
  withExamples(
    experiments
      .command('create')
      .description('create an experiment, or say it exists (MLOps.NET: create-experiment)')
      .argument('<name>', 'a unique name')
      .option('-d, --description <text>', 'what the experiment is about')
      .option('-t, --tag <key=value>', 'a tag, repeatable', collectKeyValue)
      .addOption(jsonOption())
      .action(action(async (context, name, options) => (await load()).createExperiment(context, name, options))),
    'mlops experiments create iris --description "Iris species" --tag team=vision',
  );
  withExamples(
    experiments
      .command('rename')
      .description('rename an experiment; its runs, registry and deployments follow')
      .argument('<experiment>', 'name or id')
      .argument('<new-name>', 'the new, unique name')
      .action(action(async (context, experiment, newName) => (await load()).renameExperiment(context, experiment, newName))),
    'mlops experiments rename iris iris-2024',
  );
  withExamples(
    experiments
      .command('delete')
      .description('delete an experiment and its runs (restorable until mlops purge)')
      .argument('<experiment>', 'name or id')
      .action(action(async (context, experiment) => (await load()).setExperimentStage(context, experiment, 'deleted'))),
    'mlops experiments delete iris-scratch',
  );
  withExamples(
    experiments
      .command('restore')
      .description('restore a deleted experiment and the runs its deletion took')
      .argument('<experiment>', 'name or id')
      .action(action(async (context, experiment) => (await load()).setExperimentStage(context, experiment, 'active'))),
    'mlops experiments restore iris-scratch',
  );
  withExamples(
    experiments
      .command('tag')
      .description('set or delete tags of an experiment')
      .argument('<experiment>', 'name or id')
      .argument('[key=value...]', 'tags to set')
      .option('--delete <key>', 'a tag to delete, repeatable', collectList)
      .action(action(async (context, experiment, tags, options) => (await load()).tagExperiment(context, experiment, tags, options))),
    'mlops experiments tag iris team=vision stage=research',
    'mlops experiments tag iris --delete stage',
  );
}
