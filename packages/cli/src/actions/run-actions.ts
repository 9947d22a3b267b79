import { runContextTags, type LifecycleFilter, type Run } from '@mlops-ts/core';
import type { ActionContext } from '../action.js';
import { formatDuration, formatRelativeTime } from '../format/relative-time.js';
import { formatTable } from '../format/table.js';
import { formatDelta, formatNumber } from '../format/values.js';
import { notFoundAsNull } from './not-found-as-null.js';
import { colorStatus, formatRunTable } from './run-table.js';
import { formatRunDetails } from './run-details.js';

export async function listRuns({ output, context }: ActionContext, experiment: string, options: { lifecycle: LifecycleFilter; limit?: number; json?: boolean }): Promise<void> {
  // The store lists oldest first; people look for the latest runs.
  const all = (await (await context()).lifecycle.getRuns(experiment, { lifecycle: options.lifecycle })).reverse();
  const runs = options.limit === undefined ? all : all.slice(0, options.limit);
  if (options.json) return output.printJson({ runs });
  if (runs.length === 0) return output.print(output.colors.dim(`No ${options.lifecycle === 'active' ? '' : `${options.lifecycle} `}runs in ${experiment}.`));
  output.print(formatRunTable(output.colors, runs));
  if (runs.length < all.length) output.note(output.colors.dim(`${all.length - runs.length} more runs (raise --limit).`));
}

export async function showRun({ output, context }: ActionContext, runId: string, options: { json?: boolean }): Promise<void> {
  const mlops = await context();
  const run = await mlops.lifecycle.getRun(runId);
  const [experiment, artifacts, dataSets, modelSchema, packageDependencies, confusionMatrix] = await Promise.all([
    mlops.lifecycle.getExperiment(run.experimentId),
    mlops.model.getRunArtifacts(run.id),
    mlops.data.getData(run.id),
    notFoundAsNull(mlops.lifecycle.getModelSchema(run.id)),
    mlops.lifecycle.getPackageDependencies(run.id),
    notFoundAsNull(mlops.evaluation.getConfusionMatrix(run.id)),
  ]);
  const details = { run, experiment: { id: experiment.id, name: experiment.name }, artifacts, dataSets, modelSchema, packageDependencies, confusionMatrix };
  if (options.json) return output.printJson(details);
  output.print(formatRunDetails(output.colors, details));
}

export async function searchRuns(
  { output, context }: ActionContext,
  options: { experiment?: string[]; filter?: string; orderBy?: string[]; limit?: number; pageToken?: string; lifecycle: LifecycleFilter; json?: boolean },
): Promise<void> {
  const result = await (await context()).lifecycle.searchRuns({
    ...(options.experiment === undefined ? {} : { experiments: options.experiment }),
    ...(options.filter === undefined ? {} : { filter: options.filter }),
    ...(options.orderBy === undefined ? {} : { orderBy: options.orderBy }),
    ...(options.limit === undefined ? {} : { limit: options.limit }),
    ...(options.pageToken === undefined ? {} : { pageToken: options.pageToken }),
    lifecycle: options.lifecycle,
  });
  if (options.json) return output.printJson({ runs: result.runs, nextPageToken: result.nextPageToken ?? null });
  if (result.runs.length === 0) output.print(output.colors.dim('No runs match.'));
  else output.print(formatRunTable(output.colors, result.runs));
  if (result.nextPageToken !== undefined) output.note(output.colors.dim(`More runs: add --page-token ${result.nextPageToken}`));
}

export async function compareRuns({ output, context }: ActionContext, runIds: string[], options: { all?: boolean; json?: boolean }): Promise<void> {
  const comparison = await (await context()).lifecycle.compareRuns(runIds);
  if (options.json) return output.printJson(comparison);
  const { colors } = output;
  const head = ['', ...comparison.runs.map((run) => run.name ?? run.id)];
  const mark = (key: string, differs: boolean): string => (differs ? colors.yellow(`≠ ${key}`) : `  ${key}`);
  const section = (title: string, rows: string[][]): void => {
    if (rows.length > 0) output.print('', colors.bold(title), formatTable(colors, head, rows));
  };
  output.print(formatTable(colors, ['RUN', 'STATUS', 'STARTED', 'DURATION'], comparison.runs.map((run) => [run.name === null ? run.id : `${run.name} (${run.id})`, colorStatus(colors, run), formatRelativeTime(run.startTime), formatDuration(run.trainingTimeMs)])));
  section('params', comparison.params.filter((param) => options.all || param.differs).map((param) => [mark(param.key, param.differs), ...param.values.map((value) => value ?? '-')]));
  section('metrics', comparison.metrics.map((metric) => [mark(metric.key, metric.differs), ...metric.values.map((value, index) => (value === null ? '-' : index === 0 ? formatNumber(value) : `${formatNumber(value)} ${colors.dim(`(${formatDelta(metric.deltas[index])})`)}`))]));
  section('tags', comparison.tags.filter((tag) => (options.all || tag.differs) && !tag.key.startsWith('mlops.')).map((tag) => [mark(tag.key, tag.differs), ...tag.values.map((value) => value ?? '-')]));
  const hidden = comparison.params.filter((param) => !param.differs).length;
  if (!options.all && hidden > 0) output.note(colors.dim(`${hidden} params are the same in every run (--all shows them).`));
}

export async function bestRun({ output, context }: ActionContext, experiment: string, metric: string, options: { maximize?: boolean; minimize?: boolean; json?: boolean }): Promise<void> {
  const goal = options.minimize ? 'minimize' : 'maximize';
  const run = await (await context()).lifecycle.getBestRun(experiment, metric, { goal });
  if (options.json) return output.printJson(run);
  output.print(`${run.id}  ${run.name ?? ''}`.trimEnd(), `${metric} = ${formatNumber(run.metrics[metric])} (best ${goal === 'maximize' ? 'highest' : 'lowest'} of ${experiment}), ${colorStatus(output.colors, run)} ${formatRelativeTime(run.startTime)}`);
}

export async function createRun(
  { output, context }: ActionContext,
  experiment: string,
  options: { name?: string; tag?: Record<string, string>; param?: Record<string, string>; parent?: string; gitCommit?: string; json?: boolean },
): Promise<void> {
  const mlops = await context();
  const run: Run = await mlops.lifecycle.createRun(experiment, {
    ...(options.name === undefined ? {} : { name: options.name }),
    // The entry script the core records would be this command's own file: say what started the run instead.
    tags: { [runContextTags.sourceName]: 'mlops runs create', ...options.tag },
    ...(options.parent === undefined ? {} : { parentRunId: options.parent }),
    ...(options.gitCommit === undefined ? {} : { gitCommit: options.gitCommit }),
  });
  if (options.param !== undefined) run.params = await mlops.training.logHyperParameters(run.id, options.param);
  if (options.json) return output.printJson(run);
  // The id alone on stdout, so RUN=$(mlops runs create iris) works; the sentence is for people.
  output.print(run.id);
  output.note(output.colors.dim(`Started run ${run.id} in experiment ${experiment}; end it with mlops runs end ${run.id}.`));
}

export async function endRun({ output, context }: ActionContext, runId: string, options: { status: 'finished' | 'failed' | 'killed'; json?: boolean }): Promise<void> {
  const run = await (await context()).lifecycle.endRun(runId, options.status);
  output.printResult(run, `Ended run ${run.id}: ${colorStatus(output.colors, run)} after ${formatDuration(run.trainingTimeMs ?? (run.endTime === null ? null : run.endTime - run.startTime))}.`);
}

export async function setRunStage({ output, context }: ActionContext, runId: string, stage: 'active' | 'deleted'): Promise<void> {
  const lifecycle = (await context()).lifecycle;
  const run = stage === 'deleted' ? await lifecycle.deleteRun(runId) : await lifecycle.restoreRun(runId);
  output.print(stage === 'deleted' ? `Deleted run ${run.id} (restore with mlops runs restore ${run.id}; mlops purge removes it for good).` : `Restored run ${run.id}.`);
}
