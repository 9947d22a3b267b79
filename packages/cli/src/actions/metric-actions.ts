import { MLOpsError, type DataDistribution } from '@mlops-ts/core';
import type { ActionContext } from '../action.js';
import type { Colors } from '../output.js';
import { bar, sparkline, takeEvenly } from '../format/charts.js';
import { formatRelativeTime } from '../format/relative-time.js';
import { formatFields, formatTable } from '../format/table.js';
import { formatNumber, truncate } from '../format/values.js';
import { formatConfusionMatrix } from './run-details.js';

/** Widest sparkline and bar chart, in characters. */
const chartWidth = 60;
const barWidth = 30;

export async function listMetrics({ output, context }: ActionContext, runId: string, options: { json?: boolean }): Promise<void> {
  const metrics = await (await context()).evaluation.getMetrics(runId);
  if (options.json) return output.printJson({ runId, metrics });
  const entries = Object.entries(metrics);
  if (entries.length === 0) return output.print(output.colors.dim(`Run ${runId} has no metrics.`));
  output.print(formatTable(output.colors, ['METRIC', 'VALUE'], entries.map(([key, value]) => [key, formatNumber(value)]), { alignRight: [1] }));
}

export async function metricHistory({ output, context }: ActionContext, runId: string, metric: string, options: { maxPoints?: number; json?: boolean }): Promise<void> {
  const points = await (await context()).evaluation.getMetricHistory(runId, metric, options.maxPoints === undefined ? {} : { maxPoints: options.maxPoints });
  if (options.json) return output.printJson({ runId, key: metric, points: points.map(({ step, value, timestamp }) => ({ step, value, timestamp })) });
  if (points.length === 0) throw new MLOpsError('NOT_FOUND', `Run ${runId} has no metric '${metric}'. List its metrics with mlops metrics list ${runId}.`);
  const values = points.map((point) => point.value);
  const finite = values.filter(Number.isFinite);
  const last = points[points.length - 1]!;
  output.print(
    `${output.colors.bold(metric)}  ${output.colors.cyan(sparkline(takeEvenly(values, chartWidth)))}`,
    formatFields(output.colors, [
      ['points', `${points.length}${options.maxPoints === undefined ? '' : ` (at most ${options.maxPoints})`}, steps ${points[0]!.step}–${last.step}`],
      ['min', formatNumber(finite.length === 0 ? null : Math.min(...finite))],
      ['max', formatNumber(finite.length === 0 ? null : Math.max(...finite))],
      ['last', `${formatNumber(last.value)} at step ${last.step}, ${formatRelativeTime(last.timestamp)}`],
    ]),
  );
}

export async function logMetric({ output, context }: ActionContext, runId: string, metric: string, value: number, options: { step?: number }): Promise<void> {
  await (await context()).evaluation.logMetric(runId, metric, value, options.step === undefined ? {} : { step: options.step });
  output.print(`Logged ${metric} = ${formatNumber(value)}${options.step === undefined ? '' : ` at step ${options.step}`} for run ${runId}.`);
}

export async function showConfusionMatrix({ output, context }: ActionContext, runId: string, options: { json?: boolean }): Promise<void> {
  const matrix = await (await context()).evaluation.getConfusionMatrix(runId);
  if (options.json) return output.printJson(matrix);
  output.print(formatConfusionMatrix(output.colors, matrix));
}

export async function showData({ output, context }: ActionContext, runId: string, options: { name?: string; json?: boolean }): Promise<void> {
  const all = await (await context()).data.getData(runId);
  const dataSets = options.name === undefined ? all : all.filter((dataSet) => dataSet.name === options.name);
  if (options.name !== undefined && dataSets.length === 0) {
    throw new MLOpsError('NOT_FOUND', `Run ${runId} has no data set '${options.name}'. Its data sets: ${all.map((dataSet) => dataSet.name).join(', ') || 'none'}.`);
  }
  if (options.json) return output.printJson({ runId, dataSets });
  const { colors } = output;
  if (dataSets.length === 0) return output.print(colors.dim(`Run ${runId} has no data sets. Log one with data.logData().`));
  output.print(
    dataSets
      .map((dataSet) =>
        [
          `${colors.bold(dataSet.name)}  ${dataSet.rowCount} rows  sha256 ${dataSet.sha256}`,
          formatTable(colors, ['COLUMN', 'TYPE'], dataSet.columns.map((column) => [column.name, column.type])),
          ...dataSet.distributions.map((distribution) => formatDistribution(colors, distribution)),
        ].join('\n\n'),
      )
      .join('\n\n'),
  );
}

/** A column's distribution as horizontal bars: value counts, or the histogram's bins. */
export function formatDistribution(colors: Colors, distribution: DataDistribution): string {
  if (distribution.kind === 'categorical') {
    const rows = distribution.valueCounts.map(({ value, count }) => ({ label: truncate(value, 24), count }));
    if (distribution.otherCount !== undefined && distribution.otherCount > 0) rows.push({ label: colors.dim('(other)'), count: distribution.otherCount });
    return `${colors.bold(distribution.column)} ${colors.dim('(categorical)')}\n${bars(colors, rows)}`;
  }
  const { summary, histogram } = distribution;
  const rows = histogram.counts.map((count, index) => ({ label: `${formatNumber(histogram.binEdges[index])} – ${formatNumber(histogram.binEdges[index + 1])}`, count }));
  const stats = `count ${summary.count}, nulls ${summary.nullCount}, min ${formatNumber(summary.min)}, max ${formatNumber(summary.max)}, mean ${formatNumber(summary.mean)}, stddev ${formatNumber(summary.stddev)}`;
  return `${colors.bold(distribution.column)} ${colors.dim('(numeric)')}  ${stats}\n${bars(colors, rows)}`;
}

function bars(colors: Colors, rows: readonly { label: string; count: number }[]): string {
  const max = Math.max(0, ...rows.map((row) => row.count));
  return formatTable(colors, ['', 'COUNT', ''], rows.map((row) => [row.label, String(row.count), colors.cyan(bar(row.count, max, barWidth))]), { alignRight: [1] });
}
