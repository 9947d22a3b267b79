import { EventEmitter } from 'node:events';
import { defaultDriftThresholds, MLOpsError, readTrainingDataTags, worstVerdict, type DataSet, type DriftReport, type MLOpsContext } from '@mlops-ts/core';
import type { Tensor } from 'onnxruntime-node';

import type { DeployedModelInfo } from '../predictor/loaded-model.js';
import { postDriftChange, VerdictTracker, type DriftChange } from './drift-alerts.js';
import { mapFeatures, mappedRows, type FeatureMapping } from './feature-mapping.js';
import { resolveMonitorOptions, type MonitorOptions, type ResolvedMonitorOptions } from './monitor-options.js';
import { openMonitoringRun } from './monitoring-run.js';
import { ReservoirSample } from './reservoir-sample.js';
import { extractRow, rowCountOf, rowLayoutOf, type RowLayout } from './row-layout.js';

/** A drift report of one window of a served model, as logged to its monitoring run. */
export interface MonitorReport extends DriftReport {
  model: string;
  version: number;
  target: string | null;
  monitoringRunId: string;
  /** The report's step in the monitoring run. */
  step: number;
  /** Rows predicted during the window, and rows of them sampled and compared. */
  predictedRows: number;
  sampledRows: number;
  /** What is not monitored and why (unmapped inputs, columns without a distribution …). */
  notes: string[];
}

/** Events of a {@link DriftMonitor}. */
export interface DriftMonitorEvents {
  /** A column's verdict changed. */
  drift: [change: DriftChange];
  /** A window's report was logged. */
  report: [report: MonitorReport];
  /** A report could not be made, logged or sent to the webhook; predictions are not affected. Without a listener it is printed as a process warning. */
  monitorError: [error: MLOpsError];
}

interface Window {
  info: DeployedModelInfo;
  layout: RowLayout;
  sample: ReservoirSample<unknown[]>;
  predictedRows: number;
}

interface VersionContext {
  dataSet: DataSet | undefined;
  mapping: FeatureMapping;
  /** The first window's outputs that have no training column: what later windows are compared with. */
  baseline: Record<string, unknown>[] | undefined;
  run: Promise<{ runId: string; nextStep: number }> | undefined;
  tracker: VerdictTracker;
}

/**
 * Watches a predictor's live rows: keeps a uniform sample of each window's inputs and
 * single-valued outputs, and when the window closes compares it with the training data set
 * of the version that served it (`data.drift`), logs the report to a monitoring run
 * (`data.logDrift`, one step per window) and raises `drift` when a column's verdict changes.
 * The prediction path only samples; everything else runs after it, and failures go to
 * `monitorError`, never to a prediction.
 */
export class DriftMonitor extends EventEmitter<DriftMonitorEvents> {
  readonly #options: ResolvedMonitorOptions;
  readonly #layouts = new WeakMap<DeployedModelInfo, RowLayout>();
  readonly #contexts = new Map<string, Promise<VersionContext>>();
  #window: Window | undefined;
  #reporting: Promise<unknown> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #latest: MonitorReport | undefined;
  #isClosed = false;

  constructor(
    private readonly mlops: MLOpsContext,
    options: MonitorOptions,
  ) {
    super();
    this.#options = resolveMonitorOptions(options);
    if (options.onDrift) this.on('drift', options.onDrift);
    if (options.onReport) this.on('report', options.onReport);
    if (this.#options.reportEveryMs !== undefined) {
      this.#timer = setInterval(() => void this.report(), this.#options.reportEveryMs);
      // Monitoring alone must not keep the process alive.
      this.#timer.unref();
    }
  }

  /** The latest report, if any window was reported yet. */
  get latestReport(): MonitorReport | undefined {
    return this.#latest;
  }

  /** @internal Called by the predictor after each session run: samples the call's rows. */
  observe(info: DeployedModelInfo, feeds: Record<string, Tensor>, results: Record<string, Tensor>): void {
    if (this.#isClosed) return;
    let window = this.#window;
    if (window === undefined || window.info !== info) {
      // A new version serves: the rows sampled so far belong to the old one.
      if (window !== undefined && window.predictedRows > 0) void this.report();
      window = this.#window = this.#newWindow(info);
    }
    const rows = rowCountOf(window.layout, feeds, results);
    const { sampleRate } = this.#options;
    try {
      for (let row = 0; row < rows; row++) {
        if (sampleRate < 1 && Math.random() >= sampleRate) continue;
        const slot = window.sample.slotFor();
        if (slot >= 0) window.sample.put(slot, extractRow(window.layout, feeds, results, row));
      }
    } catch (error) {
      // Whatever goes wrong here must not fail the prediction.
      this.#fail(toMLOpsError(error, 'Sampling a prediction'));
    }
    window.predictedRows += rows;
    if (this.#options.reportEveryRows !== undefined && window.predictedRows >= this.#options.reportEveryRows) void this.report();
  }

  /**
   * Closes the current window now and reports it (after any report under way). Resolves to
   * the report, or undefined when the window had no rows or the report failed (see `monitorError`).
   */
  report(): Promise<MonitorReport | undefined> {
    const window = this.#window;
    if (window === undefined || window.predictedRows === 0) return this.#reporting.then(() => undefined);
    this.#window = this.#newWindow(window.info);
    const reported = this.#reporting.then(() => this.#reportWindow(window)).catch((error: unknown) => {
      this.#fail(toMLOpsError(error, `Reporting drift of '${window.info.model}' version ${window.info.version}`));
      return undefined;
    });
    this.#reporting = reported;
    return reported;
  }

  /** Stops the timer and reports the open window. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#isClosed) return;
    clearInterval(this.#timer);
    await this.report();
    this.#isClosed = true;
  }

  #newWindow(info: DeployedModelInfo): Window {
    let layout = this.#layouts.get(info);
    if (layout === undefined) this.#layouts.set(info, (layout = rowLayoutOf(info.signature)));
    return { info, layout, sample: new ReservoirSample(this.#options.windowSize), predictedRows: 0 };
  }

  async #reportWindow(window: Window): Promise<MonitorReport> {
    const { info } = window;
    let context = this.#contexts.get(info.modelVersionId);
    if (context === undefined) this.#contexts.set(info.modelVersionId, (context = this.#loadContext(info, window.layout)));
    const loaded = await context.catch((error: unknown) => {
      this.#contexts.delete(info.modelVersionId); // try again next window
      throw error;
    });
    const rows = window.sample.items;
    const thresholds = this.#options.thresholds;
    const parts: DriftReport[] = [];
    if (loaded.dataSet && loaded.mapping.reference.length > 0) {
      const columns = [...new Set(loaded.mapping.reference.map((entry) => entry.column))];
      parts.push(await this.mlops.data.drift(loaded.dataSet, mappedRows(rows, loaded.mapping.reference), { columns, thresholds }));
    }
    const notes = [...loaded.mapping.notes];
    if (loaded.mapping.baseline.length > 0) {
      const current = mappedRows(rows, loaded.mapping.baseline);
      if (loaded.baseline === undefined) {
        loaded.baseline = current;
        notes.push(`this window's ${loaded.mapping.baseline.map((entry) => entry.column).join(', ')} became the baseline later windows are compared with`);
      } else parts.push(await this.mlops.data.drift(loaded.baseline, current, { thresholds }));
    }
    loaded.run ??= openMonitoringRun(this.mlops, info, this.#options.monitoringRun).catch((error: unknown) => {
      loaded.run = undefined;
      throw error;
    });
    const run = await loaded.run;
    const step = run.nextStep++;
    const columns = parts.flatMap((part) => part.columns);
    const report: MonitorReport = {
      verdict: worstVerdict(columns.map((column) => column.verdict)),
      columns,
      driftedColumns: columns.filter((column) => column.verdict === 'drift').map((column) => column.column),
      reference: { runId: info.runId, dataSet: loaded.dataSet?.name ?? null },
      currentRowCount: rows.length,
      columnsWithoutReference: [],
      thresholds: parts[0]?.thresholds ?? { ...defaultDriftThresholds, ...thresholds },
      createdAt: Date.now(),
      model: info.model,
      version: info.version,
      target: info.target,
      monitoringRunId: run.runId,
      step,
      predictedRows: window.predictedRows,
      sampledRows: rows.length,
      notes,
    };
    await this.mlops.data.logDrift(run.runId, report, { step });
    this.#latest = report;
    this.emit('report', report);
    const changes = loaded.tracker.changes(report);
    if (changes.length > 0) {
      const change: DriftChange = { model: info.model, version: info.version, target: info.target, monitoringRunId: run.runId, step, changes, report };
      this.emit('drift', change);
      if (this.#options.webhook) {
        await postDriftChange(this.#options.webhook, change).catch((error: unknown) => this.#fail(toMLOpsError(error, 'Sending a drift change to the webhook')));
      }
    }
    return report;
  }

  async #loadContext(info: DeployedModelInfo, layout: RowLayout): Promise<VersionContext> {
    const [version, dataSets] = await Promise.all([this.mlops.metadataStore.getModelVersion(info.modelVersionId), this.mlops.data.getData(info.runId)]);
    const training = readTrainingDataTags(version?.tags ?? {});
    const notes: string[] = [];
    const wanted = training.dataSet ?? 'train';
    let dataSet = dataSets.find((candidate) => candidate.name === wanted);
    if (!dataSet && training.dataSet === undefined && dataSets.length === 1) dataSet = dataSets[0];
    if (!dataSet) {
      notes.push(
        `run '${info.runId}' of version ${info.version} has no data set named '${wanted}': log it with data.logData(runId, rows, { name: '${wanted}' }) and data.logDataDistribution for each column, or name it at registration with { dataSet }`,
      );
    }
    const mapping = mapFeatures(layout, training, dataSet);
    mapping.notes.unshift(...notes);
    return { dataSet, mapping, baseline: undefined, run: undefined, tracker: new VerdictTracker() };
  }

  #fail(error: MLOpsError): void {
    if (this.listenerCount('monitorError') > 0) this.emit('monitorError', error);
    else process.emitWarning(error.message, { type: 'MLOpsWarning', code: error.code });
  }
}

function toMLOpsError(error: unknown, context: string): MLOpsError {
  if (MLOpsError.isInstance(error)) return new MLOpsError(error.code, `${context} failed: ${error.message}`, { cause: error });
  const message = error instanceof Error ? error.message : String(error);
  return new MLOpsError('UNAVAILABLE', `${context} failed: ${message}. Check that the store is reachable.`, { cause: error });
}
