import { MLOpsError, type DriftThresholds } from '@mlops-ts/core';

import type { DriftChange } from './drift-alerts.js';
import type { MonitorReport } from './drift-monitor.js';

/** Options of a predictor's drift monitor (`loadDeployedModel(mlops, { …, monitor })` and `serve()`). */
export interface MonitorOptions {
  /** Share of predicted rows offered to the window's sample, from 0 (exclusive) to 1. Default 1. */
  sampleRate?: number;
  /** Rows kept per window: a uniform (reservoir) sample of the window's rows. Default 1000. */
  windowSize?: number;
  /**
   * When a window closes and its report is made: after this many milliseconds (default
   * 60,000), or `{ rows: n }` after n predicted rows. A window without rows makes no report.
   */
  reportEvery?: number | { rows: number };
  /**
   * The run drift metrics are logged to (its id). Default: a run of the experiment of the
   * served version's run, created on first report (or found again after a restart) and
   * tagged with the registered model, version and target.
   */
  monitoringRun?: string;
  /** Thresholds of the verdicts (see the core's `data.drift`). */
  thresholds?: Partial<DriftThresholds>;
  /** Called when a column's verdict changes from one report to the next (not on every report). */
  onDrift?: (change: DriftChange) => void;
  /** Called with every report, after it is logged. */
  onReport?: (report: MonitorReport) => void;
  /**
   * A URL to POST each verdict change to, as JSON (`DriftChange`), e.g. a chat or paging
   * hook; `{ url, headers }` to add headers such as a token. Failures are reported through
   * `monitorError` and never reach predictions.
   */
  webhook?: string | { url: string; headers?: Record<string, string> };
}

/** The options with their defaults, checked. */
export interface ResolvedMonitorOptions {
  sampleRate: number;
  windowSize: number;
  reportEveryMs: number | undefined;
  reportEveryRows: number | undefined;
  monitoringRun: string | undefined;
  thresholds: Partial<DriftThresholds> | undefined;
  webhook: { url: URL; headers: Record<string, string> } | undefined;
}

export const monitorDefaults = { sampleRate: 1, windowSize: 1000, reportEveryMs: 60_000 } as const;

/**
 * Checks the monitor options and fills in the defaults.
 * @throws MLOpsError `INVALID_ARGUMENT` naming the option at fault.
 */
export function resolveMonitorOptions(options: MonitorOptions): ResolvedMonitorOptions {
  if (typeof options !== 'object' || options === null) {
    throw new MLOpsError('INVALID_ARGUMENT', `monitor is ${String(options)}, not an object. Pass e.g. { monitor: { windowSize: 1000, reportEvery: 60000 } }.`);
  }
  const sampleRate = options.sampleRate ?? monitorDefaults.sampleRate;
  if (typeof sampleRate !== 'number' || !(sampleRate > 0 && sampleRate <= 1)) {
    throw new MLOpsError('INVALID_ARGUMENT', `monitor.sampleRate is ${String(sampleRate)}. Pass a share of rows above 0 and at most 1, e.g. 0.1.`);
  }
  const windowSize = options.windowSize ?? monitorDefaults.windowSize;
  if (!Number.isSafeInteger(windowSize) || windowSize < 1 || windowSize > 1_000_000) {
    throw new MLOpsError('INVALID_ARGUMENT', `monitor.windowSize is ${String(windowSize)}. Pass a whole number of rows from 1 to 1,000,000, e.g. 1000.`);
  }
  const reportEvery = options.reportEvery ?? monitorDefaults.reportEveryMs;
  let reportEveryMs: number | undefined;
  let reportEveryRows: number | undefined;
  if (typeof reportEvery === 'number') {
    if (!Number.isFinite(reportEvery) || reportEvery < 10) {
      throw new MLOpsError('INVALID_ARGUMENT', `monitor.reportEvery is ${String(reportEvery)} ms. Pass at least 10 milliseconds, or { rows: n } to report every n rows.`);
    }
    reportEveryMs = reportEvery;
  } else if (typeof reportEvery === 'object' && reportEvery !== null && Number.isSafeInteger(reportEvery.rows) && reportEvery.rows >= 1) {
    reportEveryRows = reportEvery.rows;
  } else {
    throw new MLOpsError('INVALID_ARGUMENT', `monitor.reportEvery is neither milliseconds nor { rows: n } with n a whole number of at least 1. Pass e.g. 60000 or { rows: 5000 }.`);
  }
  if (options.monitoringRun !== undefined && (typeof options.monitoringRun !== 'string' || options.monitoringRun.length === 0)) {
    throw new MLOpsError('INVALID_ARGUMENT', `monitor.monitoringRun is ${String(options.monitoringRun)}. Pass the id of a run, or leave it out to have one created.`);
  }
  return { sampleRate, windowSize, reportEveryMs, reportEveryRows, monitoringRun: options.monitoringRun, thresholds: options.thresholds, webhook: resolveWebhook(options.webhook) };
}

function resolveWebhook(webhook: MonitorOptions['webhook']): ResolvedMonitorOptions['webhook'] {
  if (webhook === undefined) return undefined;
  const { url, headers = {} } = typeof webhook === 'string' ? { url: webhook } : (webhook ?? { url: undefined });
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch (cause) {
    throw new MLOpsError('INVALID_ARGUMENT', `monitor.webhook ${JSON.stringify(url)} is not a URL. Pass e.g. 'https://hooks.example.com/drift'.`, { cause });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new MLOpsError('INVALID_ARGUMENT', `monitor.webhook uses ${parsed.protocol}, not http: or https:. Pass an HTTP(S) URL.`);
  }
  return { url: parsed, headers };
}
