import type { ExperimentKeys } from '../api/api-types.js';
import { keyColumn, type RunColumn } from './run-columns.js';

const storageKey = (experimentId: string) => `mlops-ts.columns.${experimentId}`;

/** The columns chosen for an experiment, remembered in this browser. */
export function rememberedColumns(experimentId: string): string[] | null {
  try {
    const stored = localStorage.getItem(storageKey(experimentId));
    return stored === null ? null : (JSON.parse(stored) as string[]);
  } catch {
    return null;
  }
}

export function rememberColumns(experimentId: string, ids: readonly string[]): void {
  localStorage.setItem(storageKey(experimentId), JSON.stringify(ids));
}

/** Without a choice: every metric, then params, up to 12 columns. */
export function defaultColumns(keys: ExperimentKeys): RunColumn[] {
  return [...keys.metrics.map((key) => keyColumn('metrics', key)), ...keys.params.map((key) => keyColumn('params', key))].slice(0, 12);
}
