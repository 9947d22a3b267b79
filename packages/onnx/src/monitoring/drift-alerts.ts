import { MLOpsError, type DriftReport, type DriftVerdict } from '@mlops-ts/core';

/** Columns whose drift verdict changed between two reports of a served model. */
export interface DriftChange {
  /** The registered model, version and target served. */
  model: string;
  version: number;
  target: string | null;
  /** The run the report was logged to, and its step there. */
  monitoringRunId: string;
  step: number;
  /** Each column whose verdict changed; `from` is `stable` for a column's first report. */
  changes: { column: string; from: DriftVerdict; to: DriftVerdict }[];
  /** The report that changed them. */
  report: DriftReport;
}

/** Remembers each column's last verdict and tells which changed; `no-data` leaves a column's verdict as it was. */
export class VerdictTracker {
  readonly #last = new Map<string, DriftVerdict>();

  changes(report: DriftReport): DriftChange['changes'] {
    const changes: DriftChange['changes'] = [];
    for (const column of report.columns) {
      if (column.verdict === 'no-data') continue;
      const from = this.#last.get(column.column) ?? 'stable';
      this.#last.set(column.column, column.verdict);
      if (from !== column.verdict) changes.push({ column: column.column, from, to: column.verdict });
    }
    return changes;
  }
}

/**
 * POSTs a change to a webhook as JSON, within 10 seconds.
 * @throws MLOpsError `UNAVAILABLE` when the hook cannot be reached or answers other than 2xx.
 */
export async function postDriftChange(webhook: { url: URL; headers: Record<string, string> }, change: DriftChange): Promise<void> {
  let response: Response;
  try {
    response = await fetch(webhook.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...webhook.headers },
      body: JSON.stringify(change),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (cause) {
    throw new MLOpsError('UNAVAILABLE', `The drift webhook at ${webhook.url.origin} could not be reached (${(cause as Error).message}). Check the URL and that the hook is up.`, { cause });
  }
  await response.body?.cancel();
  if (!response.ok) {
    throw new MLOpsError('UNAVAILABLE', `The drift webhook at ${webhook.url.origin} answered ${response.status}. Check its URL and headers (a token, if it needs one).`);
  }
}
