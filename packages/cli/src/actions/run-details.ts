import type { ConfusionMatrix, DataSet, ModelSchema, PackageDependency, Run, RunArtifact } from '@mlops-ts/core';
import prettyBytes from 'pretty-bytes';
import type { Colors } from '../output.js';
import { formatDuration, formatRelativeTime, formatTimestamp } from '../format/relative-time.js';
import { formatFields, formatTable } from '../format/table.js';
import { formatNumber, formatTags } from '../format/values.js';
import { colorStatus } from './run-table.js';

/** What `mlops runs show` gathers about a run (its --json shape). */
export interface RunDetails {
  run: Run;
  experiment: { id: string; name: string };
  artifacts: RunArtifact[];
  dataSets: DataSet[];
  modelSchema: ModelSchema | null;
  packageDependencies: PackageDependency[];
  confusionMatrix: ConfusionMatrix | null;
}

/** The human view of `mlops runs show`: the run's fields, then one section per kind of record it has. */
export function formatRunDetails(colors: Colors, details: RunDetails): string {
  const { run } = details;
  const sections: string[] = [
    formatFields(colors, [
      ['run', `${colors.bold(run.id)}${run.name === null ? '' : `  ${run.name}`}`],
      ['experiment', `${details.experiment.name} (${details.experiment.id})`],
      ['status', colorStatus(colors, run)],
      ['started', `${formatTimestamp(run.startTime)} (${formatRelativeTime(run.startTime)})`],
      ['ended', run.endTime === null ? '-' : `${formatTimestamp(run.endTime)} (${formatRelativeTime(run.endTime)})`],
      ['duration', formatDuration(run.endTime === null ? null : run.endTime - run.startTime)],
      ['training time', formatDuration(run.trainingTimeMs)],
      ['git commit', run.gitCommit ?? '-'],
      ...(run.parentRunId === null ? [] : ([['parent run', run.parentRunId]] as [string, string][])),
      ['tags', formatTags(run.tags, { withReserved: true }) || '-'],
    ]),
  ];
  const section = (title: string, body: string): void => {
    sections.push(`${colors.bold(title)}\n${body}`);
  };
  const params = Object.entries(run.params);
  if (params.length > 0) section('params', formatTable(colors, ['KEY', 'VALUE'], params));
  const metrics = Object.entries(run.metrics);
  if (metrics.length > 0) section('metrics (latest)', formatTable(colors, ['KEY', 'VALUE'], metrics.map(([key, value]) => [key, formatNumber(value)]), { alignRight: [1] }));
  if (details.artifacts.length > 0) section('artifacts', formatArtifactTable(colors, details.artifacts));
  if (details.dataSets.length > 0) {
    section('data sets', formatTable(colors, ['NAME', 'ROWS', 'COLUMNS', 'SHA-256'], details.dataSets.map((dataSet) => [dataSet.name, String(dataSet.rowCount), dataSet.columns.map((column) => `${column.name}:${column.type}`).join(', '), dataSet.sha256.slice(0, 16)]), { alignRight: [1] }));
  }
  if (details.modelSchema !== null) {
    const tensors = [...details.modelSchema.inputs.map((tensor) => ['input', tensor] as const), ...details.modelSchema.outputs.map((tensor) => ['output', tensor] as const)];
    section('model schema', formatTable(colors, ['', 'NAME', 'TYPE', 'SHAPE'], tensors.map(([kind, tensor]) => [kind, tensor.name, tensor.elementType, `[${tensor.shape.map((dimension) => dimension ?? '?').join(', ')}]`])));
  }
  if (details.confusionMatrix !== null) section('confusion matrix', formatConfusionMatrix(colors, details.confusionMatrix));
  if (details.packageDependencies.length > 0) section(`package dependencies (${details.packageDependencies.length})`, details.packageDependencies.map((dependency) => `${dependency.name}@${dependency.version}`).join(', '));
  return sections.join('\n\n');
}

/** Name, size, hash and age of each artifact. */
export function formatArtifactTable(colors: Colors, artifacts: readonly RunArtifact[]): string {
  return formatTable(colors, ['NAME', 'SIZE', 'SHA-256', 'CREATED'], artifacts.map((artifact) => [artifact.name, prettyBytes(artifact.sizeBytes), artifact.sha256.slice(0, 16), formatRelativeTime(artifact.createdAt)]), { alignRight: [1] });
}

/** Rows are actual labels, columns predicted ones (as logged), then each class's precision and recall. */
export function formatConfusionMatrix(colors: Colors, matrix: ConfusionMatrix): string {
  const head = ['actual \\ predicted', ...matrix.labels, 'PRECISION', 'RECALL'];
  const rows = matrix.labels.map((label, row) => [
    colors.bold(label),
    ...matrix.counts[row]!.map((count, column) => (row === column ? colors.green(String(count)) : count === 0 ? colors.dim('0') : String(count))),
    formatNumber(matrix.precision[row]),
    formatNumber(matrix.recall[row]),
  ]);
  return formatTable(colors, head, rows, { alignRight: head.map((_title, index) => index).filter((index) => index > 0) });
}
