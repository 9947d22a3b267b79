import { Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { action } from '../action.js';
import { collectKeyValue, collectList, integerAtLeast, jsonOption, lifecycleOption, withExamples } from './command-helpers.js';

const load = () => import('../actions/run-actions.js');

/** `runs list|show|search|compare|best|delete|restore|create|end`. */
export function defineRunCommands(program: CommandUnknownOpts): void {
  const runs = program.command('runs').alias('run').description('list, inspect, search, compare, create and end runs');
  withExamples(
    runs
      .command('list')
      .alias('ls')
      .description('list the runs of an experiment, newest first (MLOps.NET: ls-runs)')
      .argument('<experiment>', 'name or id')
      .addOption(lifecycleOption())
      .option('-n, --limit <count>', 'show at most this many runs', integerAtLeast(1))
      .addOption(jsonOption())
      .action(action(async (context, experiment, options) => (await load()).listRuns(context, experiment, options))),
    'mlops runs list iris',
    'mlops runs list iris --limit 5 --json',
  );
  withExamples(
    runs
      .command('show')
      .description('show a run: params, latest metrics, tags, data sets, artifacts, model schema, dependencies')
      .argument('<run>', 'run id')
      .addOption(jsonOption())
      .action(action(async (context, run, options) => (await load()).showRun(context, run, options))),
    'mlops runs show 0190a0c4-7d3e-7c1a-9a51-3f2b8c1d2e4f',
  );
  withExamples(
    runs
      .command('search')
      .description('search runs with the filter language, across experiments')
      .option('-e, --experiment <experiment>', 'search this experiment (name or id), repeatable; default: all', collectList)
      .option('-f, --filter <filter>', "e.g. \"metrics.accuracy > 0.9 and params.depth = '8'\"")
      .option('-o, --order-by <key>', "sort key, repeatable, e.g. 'metrics.accuracy DESC'", collectList)
      .option('-n, --limit <count>', 'runs per page (1 to 10000, default 100)', integerAtLeast(1))
      .option('--page-token <token>', 'the nextPageToken of the previous page')
      .addOption(lifecycleOption())
      .addOption(jsonOption())
      .action(action(async (context, options) => (await load()).searchRuns(context, options))),
    "mlops runs search --experiment iris --filter 'metrics.accuracy > 0.9' --order-by 'metrics.accuracy DESC' --limit 10",
    "mlops runs search --filter \"attributes.status = 'failed'\" --json",
  );
  withExamples(
    runs
      .command('compare')
      .description('params side by side with differences marked, metrics with deltas against the first run')
      .argument('<runs...>', 'two or more run ids')
      .option('--all', 'also show the params and tags that are the same in every run')
      .addOption(jsonOption())
      .action(action(async (context, runIds, options) => (await load()).compareRuns(context, runIds, options))),
    'mlops runs compare 0190a0c4-… 0190a0c5-…',
  );
  withExamples(
    runs
      .command('best')
      .description('the run with the best latest value of a metric')
      .argument('<experiment>', 'name or id')
      .argument('<metric>', 'metric name')
      .addOption(new Option('--maximize', 'higher is better (default)').conflicts('minimize'))
      .addOption(new Option('--minimize', 'lower is better, e.g. a loss'))
      .addOption(jsonOption())
      .action(action(async (context, experiment, metric, options) => (await load()).bestRun(context, experiment, metric, options))),
    'mlops runs best iris accuracy --maximize',
    'mlops runs best iris loss --minimize --json',
  );
  withExamples(
    runs
      .command('create')
      .description('start a run in an experiment, created if missing (MLOps.NET: create-run)')
      .argument('<experiment>', 'name or id')
      .option('--name <name>', 'a name for the run')
      .option('-t, --tag <key=value>', 'a tag, repeatable', collectKeyValue)
      .option('-p, --param <key=value>', 'a hyper-parameter, repeatable', collectKeyValue)
      .option('--parent <run>', 'the parent run (a trial of a sweep)')
      .option('--git-commit <sha>', 'the commit trained from (default: captured from git or CI)')
      .addOption(jsonOption())
      .action(action(async (context, experiment, options) => (await load()).createRun(context, experiment, options))),
    'mlops runs create iris --name baseline --param depth=8 --tag team=vision',
    'RUN=$(mlops runs create iris --json | jq -r .id)',
  );
  withExamples(
    runs
      .command('end')
      .description('end a run and record its training time')
      .argument('<run>', 'run id')
      .addOption(new Option('--status <status>', 'how it ended').choices(['finished', 'failed', 'killed'] as const).default('finished' as const))
      .addOption(jsonOption())
      .action(action(async (context, run, options) => (await load()).endRun(context, run, options))),
    'mlops runs end "$RUN"',
    'mlops runs end "$RUN" --status failed',
  );
  withExamples(
    runs
      .command('delete')
      .description('delete a run (hidden from lists; restorable until mlops purge)')
      .argument('<run>', 'run id')
      .action(action(async (context, run) => (await load()).setRunStage(context, run, 'deleted'))),
    'mlops runs delete 0190a0c4-…',
  );
  withExamples(
    runs
      .command('restore')
      .description('restore a deleted run')
      .argument('<run>', 'run id')
      .action(action(async (context, run) => (await load()).setRunStage(context, run, 'active'))),
    'mlops runs restore 0190a0c4-…',
  );
}
