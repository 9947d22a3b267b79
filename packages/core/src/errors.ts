/** Stable error codes. Callers branch on these, never on messages. */
export type MLOpsErrorCode =
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_ARGUMENT'
  | 'UNAVAILABLE'
  | 'UNSUPPORTED'
  | 'PERMISSION_DENIED'
  | 'INTEGRITY'
  | 'INTERNAL';

const marker = Symbol.for('mlops-ts.error');

export interface MLOpsErrorOptions {
  /** The native error this one translates. */
  cause?: unknown;
  /** The provider that raised it, when one is involved. */
  providerId?: string;
}

/**
 * The one error type the library throws. `code` is stable; the message names what is
 * wrong and how to fix it.
 */
export class MLOpsError extends Error {
  readonly code: MLOpsErrorCode;
  readonly providerId: string | undefined;
  readonly [marker] = true;

  constructor(code: MLOpsErrorCode, message: string, options: MLOpsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MLOpsError';
    this.code = code;
    this.providerId = options.providerId;
  }

  /** True for an MLOpsError from any copy of this package (instanceof is not enough across copies). */
  static isInstance(value: unknown): value is MLOpsError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }

  /** True when `value` is an MLOpsError with the given code. */
  static hasCode(value: unknown, code: MLOpsErrorCode): value is MLOpsError {
    return MLOpsError.isInstance(value) && value.code === code;
  }
}
