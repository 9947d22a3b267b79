import { MLOpsError, type Experiment, type LifecycleFilter } from '@mlops-ts/core';
import type { ActionContext } from '../action.js';
import { formatRelativeTime, formatTimestamp } from '../format/relative-time.js';
import { formatFields, formatTable } from '../format/table.js';
import { formatTags } from '../format/values.js';
import { formatRunTable } from './run-table.js';

export async function listExperiments({ output, context }: ActionContext, options: { lifecycle: LifecycleFilter; json?: boolean }): Promise<void> {
  const experiments = await (await context()).lifecycle.getExperiments({ lifecycle: options.lifecycle });
  if (options.json) return output.printJson({ experiments });
  const { colors } = output;
  if (experiments.length === 0) return output.print(colors.dim(options.lifecycle === 'active' ? 'No experiments yet. Create one with mlops experiments create <name>.' : `No ${options.lifecycle} experiments.`));
  output.print(
    formatTable(
      colors,
      ['NAME', 'ID', 'CREATED', ...(options.lifecycle === 'active' ? [] : ['STAGE']), 'TAGS'],
      experiments.map((experiment) => [experiment.name, experiment.id, formatRelativeTime(experiment.createdAt), ...(options.lifecycle === 'active' ? [] : [experiment.lifecycleStage]), formatTags(experiment.tags)]),
    ),
  );
}

export async function showExperiment({ output, context }: ActionContext, reference: string, options: { json?: boolean }): Promise<void> {
  const mlops = await context();
  const experiment = await mlops.lifecycle.getExperiment(reference);
  const [runs, keys] = await Promise.all([mlops.lifecycle.getRuns(experiment.id), mlops.lifecycle.listKeys(experiment.id)]);
  if (options.json) return output.printJson({ experiment, runCount: runs.length, keys });
  const { colors } = output;
  output.print(
    formatFields(colors, [
      ['name', colors.bold(experiment.name)],
      ['id', experiment.id],
      ['description', experiment.description ?? '-'],
      ['created', `${formatTimestamp(experiment.createdAt)} (${formatRelativeTime(experiment.createdAt)})`],
      ...(experiment.lifecycleStage === 'deleted' ? ([['deleted', `${formatTimestamp(experiment.deletedAt)} (restore with mlops experiments restore)`]] as [string, string][]) : []),
      ['tags', formatTags(experiment.tags, { withReserved: true }) || '-'],
      ['runs', String(runs.length)],
      ['params', keys.params.join(', ') || '-'],
      ['metrics', keys.metrics.join(', ') || '-'],
    ]),
  );
  if (runs.length > 0) output.print('', colors.bold('latest runs'), formatRunTable(colors, runs.slice(-10).reverse()));
}

export async function createExperiment({ output, context }: ActionContext, name: string, options: { description?: string; tag?: Record<string, string>; json?: boolean }): Promise<void> {
  const startedAt = Date.now();
  const experiment = await (await context()).lifecycle.createExperiment(name, { ...(options.description === undefined ? {} : { description: options.description }), ...(options.tag === undefined ? {} : { tags: options.tag }) });
  // As in MLOps.NET, creating an experiment that exists returns it.
  output.printResult(experiment, experiment.createdAt < startedAt ? `Experiment ${experiment.name} exists already (${experiment.id}); nothing changed.` : `Created experiment ${experiment.name} (${experiment.id}).`);
}

export async function renameExperiment({ output, context }: ActionContext, reference: string, newName: string): Promise<void> {
  const experiment = await (await context()).lifecycle.renameExperiment(reference, newName);
  output.print(`Renamed experiment ${reference} to ${experiment.name}.`);
}

export async function setExperimentStage({ output, context }: ActionContext, reference: string, stage: 'active' | 'deleted'): Promise<void> {
  const lifecycle = (await context()).lifecycle;
  const experiment = stage === 'deleted' ? await lifecycle.deleteExperiment(reference) : await lifecycle.restoreExperiment(reference);
  output.print(stage === 'deleted' ? `Deleted experiment ${experiment.name} and its runs (restore with mlops experiments restore ${experiment.name}; mlops purge removes them for good).` : `Restored experiment ${experiment.name} and the runs its deletion took.`);
}

export async function tagExperiment({ output, context }: ActionContext, reference: string, pairs: string[], options: { delete?: string[] }): Promise<void> {
  const tags = Object.fromEntries(
    pairs.map((pair) => {
      const separator = pair.indexOf('=');
      if (separator <= 0) throw new MLOpsError('INVALID_ARGUMENT', `'${pair}' is not key=value. Write tags as key=value, e.g. team=vision.`);
      return [pair.slice(0, separator), pair.slice(separator + 1)];
    }),
  );
  if (Object.keys(tags).length === 0 && (options.delete ?? []).length === 0) throw new MLOpsError('INVALID_ARGUMENT', 'No tags to set or delete. Give key=value pairs, or --delete <key>.');
  const lifecycle = (await context()).lifecycle;
  let experiment: Experiment | undefined;
  if (Object.keys(tags).length > 0) experiment = await lifecycle.setExperimentTags(reference, tags);
  if ((options.delete ?? []).length > 0) experiment = await lifecycle.deleteExperimentTags(reference, options.delete!);
  output.print(`Tags of ${experiment!.name}: ${formatTags(experiment!.tags, { withReserved: true }) || 'none'}.`);
}
