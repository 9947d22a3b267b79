import type { Run, RunInfo } from '@mlops-ts/core';
import type { Colors } from '../output.js';
import { formatDuration, formatRelativeTime } from '../format/relative-time.js';
import { formatNumber } from '../format/values.js';
import { formatTable } from '../format/table.js';

/** Most metric columns a run table shows; `runs show` and `--json` have them all. */
const maxMetricColumns = 4;

function metricColumns(runs: readonly Run[]): string[] {
  return [...new Set(runs.flatMap((run) => Object.keys(run.metrics)))].sort().slice(0, maxMetricColumns);
}

/** The header of a run table: identity, status, timing, then the first metrics by name. */
export function runTableHead(runs: readonly Run[]): string[] {
  return ['ID', 'NAME', 'STATUS', 'STARTED', 'DURATION', ...metricColumns(runs).map((key) => key.toUpperCase())];
}

/** The rows under `runTableHead(runs)`. */
export function runRows(runs: readonly Run[], colors?: Colors): string[][] {
  const metrics = metricColumns(runs);
  return runs.map((run) => [
    run.id,
    run.name ?? '-',
    colors === undefined ? statusText(run) : colorStatus(colors, run),
    formatRelativeTime(run.startTime),
    formatDuration(run.trainingTimeMs ?? (run.endTime === null ? null : run.endTime - run.startTime)),
    ...metrics.map((key) => formatNumber(run.metrics[key])),
  ]);
}

function statusText(run: Pick<RunInfo, 'status' | 'lifecycleStage'>): string {
  return run.lifecycleStage === 'deleted' ? `${run.status} (deleted)` : run.status;
}

/** The run's status, coloured by how it ended. */
export function colorStatus(colors: Colors, run: Pick<RunInfo, 'status' | 'lifecycleStage'>): string {
  const text = statusText(run);
  if (run.lifecycleStage === 'deleted') return colors.dim(text);
  return run.status === 'finished' ? colors.green(text) : run.status === 'failed' ? colors.red(text) : run.status === 'running' ? colors.yellow(text) : colors.dim(text);
}

/** A table of runs: identity, status, timing and the first metrics by name (right-aligned). */
export function formatRunTable(colors: Colors, runs: readonly Run[]): string {
  const head = runTableHead(runs);
  return formatTable(colors, head, runRows(runs, colors), { alignRight: head.map((_title, index) => index).filter((index) => index >= 4) });
}
