import { MLOpsError } from '@mlops-ts/core';

/** Default of `maxElements`: 10 million tensor elements per call (40 MB of float32). */
export const defaultMaxElements = 10_000_000;

/**
 * A call carried more tensor elements than `maxElements` allows. Its code is
 * `INVALID_ARGUMENT`; `serve()` answers it with 413.
 */
export class TooManyElementsError extends MLOpsError {
  constructor(
    /** The limit that was passed. */
    readonly maxElements: number,
    /** Elements counted when the count passed the limit (counting stops there). */
    readonly countedElements: number,
    label: string,
  ) {
    super(
      'INVALID_ARGUMENT',
      `${label} brings the call to at least ${countedElements} tensor elements, more than maxElements (${maxElements}) allows. Send fewer rows per call, or raise maxElements.`,
    );
    this.name = 'TooManyElementsError';
  }
}

/**
 * Checks a `maxElements` option: a positive whole number, or Infinity for no limit.
 * @throws MLOpsError `INVALID_ARGUMENT` otherwise.
 */
export function checkMaxElements(maxElements: number): number {
  if (maxElements !== Number.POSITIVE_INFINITY && (!Number.isSafeInteger(maxElements) || maxElements <= 0)) {
    throw new MLOpsError('INVALID_ARGUMENT', `maxElements is ${String(maxElements)}. Pass a positive whole number of tensor elements, e.g. 1000000 (or Infinity for no limit).`);
  }
  return maxElements;
}

/** Counts the tensor elements of one call against `maxElements`, so the count can stop the call before anything is allocated. */
export class ElementBudget {
  #counted = 0;

  constructor(private readonly maxElements: number) {}

  /**
   * Adds `count` elements of the value `label` names.
   * @throws TooManyElementsError once the call passes the limit.
   */
  add(count: number, label: string): void {
    this.#counted += count;
    if (this.#counted > this.maxElements) throw new TooManyElementsError(this.maxElements, this.#counted, label);
  }
}
