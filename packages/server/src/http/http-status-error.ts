import { MLOpsError, type MLOpsErrorCode } from '@mlops-ts/core';

/** An MLOpsError that answers with a status of its own (401 for a missing token, 413 for a blob over the limit). */
export class HttpStatusError extends MLOpsError {
  constructor(
    readonly statusCode: number,
    code: MLOpsErrorCode,
    message: string,
  ) {
    super(code, message);
  }
}
