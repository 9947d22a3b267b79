import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { action } from '../action.js';
import { integerAtLeast, jsonOption, parseNumber, withExamples } from './command-helpers.js';

const load = () => import('../actions/metric-actions.js');

/** `metrics list|history|log`, `confusion-matrix`, `data`. */
export function defineMetricCommands(program: CommandUnknownOpts): void {
  const metrics = program.command('metrics').alias('metric').description('list, chart and log the metrics of a run');
  withExamples(
    metrics
      .command('list')
      .alias('ls')
      .description("a run's latest value of each metric (MLOps.NET: ls-metrics)")
      .argument('<run>', 'run id')
      .addOption(jsonOption())
      .action(action(async (context, run, options) => (await load()).listMetrics(context, run, options))),
    'mlops metrics list 0190a0c4-…',
  );
  withExamples(
    metrics
      .command('history')
      .description('every logged point of a metric, with a sparkline')
      .argument('<run>', 'run id')
      .argument('<metric>', 'metric name')
      .option('--max-points <count>', 'down-sample to at most this many points (first, last, minimum and maximum kept)', integerAtLeast(4))
      .addOption(jsonOption())
      .action(action(async (context, run, metric, options) => (await load()).metricHistory(context, run, metric, options))),
    'mlops metrics history 0190a0c4-… loss',
    'mlops metrics history 0190a0c4-… loss --max-points 200 --json',
  );
  withExamples(
    metrics
      .command('log')
      .description('log a metric value')
      .argument('<run>', 'run id')
      .argument('<metric>', 'metric name')
      .argument('<value>', 'a number (NaN and Infinity are kept)', parseNumber)
      .option('--step <step>', 'the step (epoch, iteration), default 0', integerAtLeast(0))
      .action(action(async (context, run, metric, value, options) => (await load()).logMetric(context, run, metric, value, options))),
    'mlops metrics log "$RUN" accuracy 0.93',
    'mlops metrics log "$RUN" loss 0.21 --step 5',
  );
  withExamples(
    program
      .command('confusion-matrix')
      .description("a run's confusion matrix as a table, with precision and recall per class")
      .argument('<run>', 'run id')
      .addOption(jsonOption())
      .action(action(async (context, run, options) => (await load()).showConfusionMatrix(context, run, options))),
    'mlops confusion-matrix 0190a0c4-…',
  );
  withExamples(
    program
      .command('data')
      .description("a run's data sets: schema, rows, hash, and each column's distribution as a bar chart")
      .argument('<run>', 'run id')
      .option('--name <name>', 'only this data set')
      .addOption(jsonOption())
      .action(action(async (context, run, options) => (await load()).showData(context, run, options))),
    'mlops data 0190a0c4-…',
    'mlops data 0190a0c4-… --name train --json',
  );
}
