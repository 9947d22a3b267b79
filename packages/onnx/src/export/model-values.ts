import { MLOpsError } from '@mlops-ts/core';

/** An ml-matrix `Matrix` as far as the converters need it (no import of ml-matrix). */
export interface MatrixLike {
  to2DArray(): number[][];
}

/** A matrix as an ml.js model holds it: an ml-matrix instance or its JSON (`number[][]`). */
export type NumberMatrix = MatrixLike | readonly (readonly number[])[];

/** Reads a model's own JSON when it has a `toJSON()` (trained instance), else the object itself. */
export function toModelJson(model: unknown): Record<string, unknown> {
  if (typeof model !== 'object' || model === null) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `Expected a trained model object but got ${model === null ? 'null' : typeof model}. Pass the model instance (or its toJSON() output) you trained.`,
    );
  }
  const withJson = model as { toJSON?: () => unknown };
  const json = typeof withJson.toJSON === 'function' ? withJson.toJSON() : model;
  if (typeof json !== 'object' || json === null) {
    throw new MLOpsError('INVALID_ARGUMENT', 'The model\'s toJSON() returned no object. Pass a model from one of the supported ml.js libraries.');
  }
  return json as Record<string, unknown>;
}

/** Converts an ml-matrix instance or nested array to a plain `number[][]`, checking it is rectangular. */
export function toNumberMatrix(value: unknown, what: string): number[][] {
  const rows =
    typeof value === 'object' && value !== null && typeof (value as MatrixLike).to2DArray === 'function'
      ? (value as MatrixLike).to2DArray()
      : value;
  if (!Array.isArray(rows) || rows.length === 0 || !rows.every((row) => Array.isArray(row))) {
    throw invalidModel(what, 'is not a non-empty matrix (number[][] or ml-matrix Matrix)');
  }
  const width = (rows[0] as unknown[]).length;
  for (const row of rows as unknown[][]) {
    if (row.length !== width || !row.every((cell) => typeof cell === 'number' && Number.isFinite(cell))) {
      throw invalidModel(what, 'has rows of different lengths or non-finite numbers');
    }
  }
  return rows as number[][];
}

/** The error for a model whose parameters are missing or malformed. */
export function invalidModel(what: string, problem: string): MLOpsError {
  return new MLOpsError(
    'INVALID_ARGUMENT',
    `The model's ${what} ${problem}. Pass a model trained with the library (or its unmodified toJSON() output).`,
  );
}

/** Validates an optional `featureCount` against what the model itself needs. */
export function resolveFeatureCount(requested: number | undefined, required: number, exact: boolean): number {
  if (requested === undefined) return required;
  if (!Number.isInteger(requested) || requested < 1) {
    throw new MLOpsError('INVALID_ARGUMENT', `featureCount ${requested} is not a positive integer. Pass the number of columns of the input rows.`);
  }
  if (exact ? requested !== required : requested < required) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `featureCount ${requested} does not fit the model, which ${exact ? 'has exactly' : 'reads at least'} ${required} feature${required === 1 ? '' : 's'}. Pass the number of columns the model was trained on.`,
    );
  }
  return requested;
}

/** Validates an input name: non-empty, and not one of the model's output names. */
export function resolveInputName(inputName: string | undefined, outputNames: readonly string[]): string {
  const name = inputName ?? 'X';
  if (typeof name !== 'string' || name.length === 0) {
    throw new MLOpsError('INVALID_ARGUMENT', "inputName is empty. Pass a non-empty name such as 'X'.");
  }
  if (outputNames.includes(name)) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `inputName '${name}' is also the name of an output (${outputNames.join(', ')}). Pick another input name, such as 'X'.`,
    );
  }
  return name;
}
