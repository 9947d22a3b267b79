import type { DataSet, TrainingDataOfVersion } from '@mlops-ts/core';

import type { RowLayout } from './row-layout.js';

/** Which value of a sampled row is which column, and against what it is compared. */
export interface FeatureMapping {
  /** Positions compared with the training data set's column of that name. */
  reference: { position: number; column: string }[];
  /** Output positions compared with the first window's predictions (no training column for them), as `output.<name>`. */
  baseline: { position: number; column: string }[];
  /** What could not be mapped, and why, in sentences. */
  notes: string[];
}

/**
 * Maps a model's row layout to its training data set. Inputs: the columns named at
 * registration (`features`, in input order), else inputs named like a column of the data set
 * (one value per row each). Outputs: the column named at registration (`label`) for the first
 * single-valued output, else an output named like a column; other single-valued outputs are
 * compared with the first window. Only columns with a stored distribution are compared.
 */
export function mapFeatures(layout: RowLayout, training: TrainingDataOfVersion, dataSet: DataSet | undefined): FeatureMapping {
  const mapping: FeatureMapping = { reference: [], baseline: [], notes: layout.skipped.map((skipped) => `${skipped} is not monitored`) };
  const distributed = new Set(dataSet?.distributions.map((distribution) => distribution.column) ?? []);
  const inputWidth = layout.inputs.reduce((sum, input) => sum + input.width, 0);
  const inputColumns: (string | undefined)[] = new Array(inputWidth).fill(undefined);
  if (training.features) {
    if (training.features.length === inputWidth) training.features.forEach((column, position) => (inputColumns[position] = column));
    else mapping.notes.push(`the ${training.features.length} features named at registration do not match the ${inputWidth} input values per row, so inputs are not monitored`);
  } else {
    let position = 0;
    for (const input of layout.inputs) {
      if (input.width === 1 && dataSet?.columns.some((column) => column.name === input.name)) inputColumns[position] = input.name;
      position += input.width;
    }
    if (inputWidth > 0 && inputColumns.every((column) => column === undefined)) {
      mapping.notes.push(
        `the inputs (${layout.inputs.map((input) => `'${input.name}'`).join(', ')}) cannot be mapped to the training data's columns: register the version with { features: [...] } naming the column of each input value; only outputs are monitored`,
      );
    }
  }
  inputColumns.forEach((column, position) => {
    if (column === undefined) return;
    if (distributed.has(column)) mapping.reference.push({ position, column });
    else mapping.notes.push(`input column '${column}' has no distribution in the training data set, so it is not monitored`);
  });
  layout.outputs.forEach((output, index) => {
    const position = inputWidth + index;
    const column = index === 0 && training.label ? training.label : dataSet?.columns.some((candidate) => candidate.name === output.name) ? output.name : undefined;
    if (column !== undefined && distributed.has(column)) mapping.reference.push({ position, column });
    else mapping.baseline.push({ position, column: `output.${output.name}` });
  });
  if (!dataSet) mapping.notes.push('no training data set was found, so outputs are compared with the first window only');
  return mapping;
}

/** The sampled rows as records of the mapped columns. */
export function mappedRows(rows: readonly unknown[][], columns: readonly { position: number; column: string }[]): Record<string, unknown>[] {
  return rows.map((row) => {
    const record: Record<string, unknown> = {};
    for (const { position, column } of columns) record[column] = row[position];
    return record;
  });
}
