import { MLOpsError, type TensorSpec } from '@mlops-ts/core';

import type { ElementBudget } from './element-budget.js';
import { isTypedArray } from './element-types.js';

/** One dimension of a signature: fixed (a number), named ('N') or unknown (null). */
export type Dimension = number | string | null;

/** Formats a shape the way error messages show it, e.g. `[N, 4]`. */
export function formatShape(shape: readonly Dimension[]): string {
  return `[${shape.map((dimension) => (dimension === null ? '?' : String(dimension))).join(', ')}]`;
}

/** Describes an input for error messages, e.g. `X (float32 [N, 4])`. */
export function describeSpec(spec: TensorSpec): string {
  return `${spec.name} (${spec.elementType} ${formatShape(spec.shape)})`;
}

/** True when an array level of a nested value: a plain array or a typed array. */
export function isArrayLevel(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || isTypedArray(value);
}

/**
 * The shape of a (possibly nested) value, read along its first elements; a scalar has shape [].
 * Reading stops after `maxRank` dimensions. The rest of the value is not looked at: use
 * {@link measureValue} before sizing anything from the result.
 */
export function valueShape(value: unknown, maxRank = Number.POSITIVE_INFINITY): number[] {
  const shape: number[] = [];
  let level = value;
  while (isArrayLevel(level) && shape.length < maxRank) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  return shape;
}

/** The deepest nesting a value may have, as in NumPy. */
export const maxTensorRank = 32;

/** Describes a value for error messages, e.g. `the string "a"`, `a list of 3`. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (isArrayLevel(value)) return `a list of ${value.length}`;
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/**
 * The shape of a nested value, checked over the whole value: every list at a depth must be
 * as long as the first one there. The elements are counted into `budget`. Nothing is
 * allocated and the walk stops at the first irregular list or once the budget is spent, so
 * a small value whose first elements claim a huge shape costs no more than its own size.
 * Elements of the innermost lists are left to the caller, which converts each one anyway.
 * @param label names the value in messages, e.g. `Input 'X'`.
 * @throws MLOpsError `INVALID_ARGUMENT` for a ragged value or one nested deeper than
 *   {@link maxTensorRank} levels; `TooManyElementsError` once the budget is spent.
 */
export function measureValue(value: unknown, label: string, budget: ElementBudget): number[] {
  const shape = valueShape(value, maxTensorRank + 1);
  if (shape.length > maxTensorRank) {
    throw new MLOpsError('INVALID_ARGUMENT', `${label} is nested more than ${maxTensorRank} levels deep. Pass a tensor of at most ${maxTensorRank} dimensions.`);
  }
  if (shape.length === 0) {
    budget.add(1, label);
    return shape;
  }
  const last = shape.length - 1;
  const path: number[] = [];
  // Recursion is at most maxTensorRank deep.
  const visit = (level: unknown, depth: number): void => {
    const expected = shape[depth]!;
    if (!isArrayLevel(level) || level.length !== expected) {
      const entry = path
        .slice(0, depth)
        .map((index) => `[${index}]`)
        .join('');
      throw new MLOpsError(
        'INVALID_ARGUMENT',
        `${label} is ragged: entry ${entry} is ${describeValue(level)} where a list of ${expected} was expected. Give every list at the same depth the same length.`,
      );
    }
    if (depth === last) {
      budget.add(expected, label);
      return;
    }
    for (let index = 0; index < expected; index++) {
      path[depth] = index;
      visit(level[index], depth + 1);
    }
  };
  visit(value, 0);
  return shape;
}

/** How a value's shape maps onto an input's signature shape. */
export interface ResolvedShape {
  /** The dims fed to the session, batch dimension included. */
  dims: number[];
  /** True when the caller left out the batch dimension (one row); undefined when the shape cannot tell. */
  isSingleRow: boolean | undefined;
}

function matches(shape: readonly number[], expected: readonly Dimension[]): boolean {
  return shape.length === expected.length && shape.every((size, index) => typeof expected[index] !== 'number' || expected[index] === size);
}

/**
 * Maps the shape of a value onto the input's signature shape: the full shape (a batch),
 * the shape without its first dimension (one row), or, for a flat typed array, rows laid
 * end to end.
 * @throws MLOpsError `INVALID_ARGUMENT` naming the input and the shape it expects.
 */
export function resolveShape(spec: TensorSpec, shape: readonly number[], isFlatTypedArray: boolean): ResolvedShape {
  const expected = spec.shape;
  if (expected.length === 0) return { dims: [...shape], isSingleRow: undefined };
  if (matches(shape, expected)) return { dims: [...shape], isSingleRow: false };
  const rowShape = expected.slice(1);
  if (typeof expected[0] !== 'number' || expected[0] === 1) {
    if (matches(shape, rowShape)) return { dims: [1, ...shape], isSingleRow: true };
    if (isFlatTypedArray && rowShape.length > 0 && rowShape.every((dimension) => typeof dimension === 'number')) {
      const rowSize = (rowShape as number[]).reduce((product, size) => product * size, 1);
      const length = shape[0]!;
      if (rowSize > 0 && length % rowSize === 0 && length > 0) return { dims: [length / rowSize, ...(rowShape as number[])], isSingleRow: false };
    }
  }
  const oneRow = rowShape.length > 0 ? ` (one row may leave out the batch dimension: ${formatShape(rowShape)})` : '';
  throw new MLOpsError(
    'INVALID_ARGUMENT',
    `Input '${spec.name}' has shape ${formatShape(shape)}, but the model expects ${formatShape(expected)}${oneRow}. Pass values of that shape.`,
  );
}
