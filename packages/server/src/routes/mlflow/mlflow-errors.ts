import { MLOpsError, type MLOpsErrorCode } from '@mlops-ts/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { classifyError } from '../../http/error-mapping.js';

/** The codes of MLflow's `ErrorCode` enum this API answers with. */
export type MlflowErrorCode =
  | 'INVALID_PARAMETER_VALUE'
  | 'BAD_REQUEST'
  | 'RESOURCE_DOES_NOT_EXIST'
  | 'RESOURCE_ALREADY_EXISTS'
  | 'ENDPOINT_NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'DATA_LOSS'
  | 'INTERNAL_ERROR'
  | 'NOT_IMPLEMENTED'
  | 'TEMPORARILY_UNAVAILABLE';

/** MLflow's status of each code (its `ERROR_CODE_TO_HTTP_STATUS`); a route may answer another (501 for an endpoint with no counterpart). */
const statusOfMlflowCode: Readonly<Record<MlflowErrorCode, number>> = {
  INVALID_PARAMETER_VALUE: 400,
  BAD_REQUEST: 400,
  RESOURCE_ALREADY_EXISTS: 400,
  RESOURCE_DOES_NOT_EXIST: 404,
  ENDPOINT_NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  DATA_LOSS: 500,
  INTERNAL_ERROR: 500,
  NOT_IMPLEMENTED: 501,
  TEMPORARILY_UNAVAILABLE: 503,
};

/** The MLflow code of each MLOpsError code (CONFLICT: routes that create by name say RESOURCE_ALREADY_EXISTS themselves). */
const mlflowCodeOf: Readonly<Record<MLOpsErrorCode, MlflowErrorCode>> = {
  INVALID_ARGUMENT: 'INVALID_PARAMETER_VALUE',
  CONFLICT: 'INVALID_PARAMETER_VALUE',
  NOT_FOUND: 'RESOURCE_DOES_NOT_EXIST',
  PERMISSION_DENIED: 'PERMISSION_DENIED',
  INTEGRITY: 'DATA_LOSS',
  INTERNAL: 'INTERNAL_ERROR',
  UNSUPPORTED: 'NOT_IMPLEMENTED',
  UNAVAILABLE: 'TEMPORARILY_UNAVAILABLE',
};

/** An error answered with an MLflow code of its own choosing (and, for endpoints with no counterpart, status 501). */
export class MlflowApiError extends MLOpsError {
  constructor(
    readonly mlflowCode: MlflowErrorCode,
    message: string,
    readonly statusCode: number = statusOfMlflowCode[mlflowCode],
    options: { cause?: unknown } = {},
  ) {
    super(mlflowCode === 'RESOURCE_DOES_NOT_EXIST' ? 'NOT_FOUND' : mlflowCode === 'RESOURCE_ALREADY_EXISTS' ? 'CONFLICT' : 'INVALID_ARGUMENT', message, options);
  }
}

/** The answer to an MLflow endpoint that has no counterpart here: ENDPOINT_NOT_FOUND with status 501, never a pretended success. */
export function noCounterpart(what: string, instead: string): MlflowApiError {
  return new MlflowApiError('ENDPOINT_NOT_FOUND', `${what} has no counterpart in MLOps.ts, so this server does not serve it. ${instead}`, 501);
}

/**
 * Runs `operation`, answering RESOURCE_ALREADY_EXISTS for the CONFLICT of a name that is
 * taken, as MLflow's clients expect (`register_model` goes on to add a version on it).
 */
export async function alreadyExistsOnConflict<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (MLOpsError.hasCode(error, 'CONFLICT') && !(error instanceof MlflowApiError)) throw new MlflowApiError('RESOURCE_ALREADY_EXISTS', error.message, undefined, { cause: error });
    throw error;
  }
}

/**
 * Gives a route family MLflow's error body, `{ error_code, message }`, with MLflow's
 * statuses, for every error its routes throw (authentication included) and for unknown
 * URLs under its prefix (ENDPOINT_NOT_FOUND). Messages follow the server's rules: no
 * stack, path or provider text; server faults carry a log id.
 */
export function answerMlflowErrors(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const { status, code, message } = describeMlflowError(error, request);
    if (status === 401) reply.header('www-authenticate', 'Bearer realm="mlops"');
    return reply.status(status).send({ error_code: code, message });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error_code: 'ENDPOINT_NOT_FOUND',
      message: `No MLflow endpoint ${request.method} ${request.url.split('?')[0]!.slice(0, 200)} on this server. The README of @mlops-ts/server lists the MLflow endpoints it serves.`,
    }),
  );
}

function describeMlflowError(error: unknown, request: FastifyRequest): { status: number; code: MlflowErrorCode; message: string } {
  if (error instanceof MlflowApiError) {
    request.log.info({ code: error.mlflowCode, status: error.statusCode }, error.message);
    return { status: error.statusCode, code: error.mlflowCode, message: error.message };
  }
  const validation = (error as { validation?: ValidationIssue[]; validationContext?: string }).validation;
  if (Array.isArray(validation)) {
    const message = describeValidationIssue(validation[0], (error as { validationContext?: string }).validationContext ?? 'request');
    request.log.info({ code: 'INVALID_PARAMETER_VALUE', status: 400 }, message);
    return { status: 400, code: 'INVALID_PARAMETER_VALUE', message };
  }
  const classified = classifyError(error, request);
  if (classified.isServerFault) request.log.error({ err: error }, 'server fault');
  else request.log.info({ code: classified.code, status: classified.status }, classified.message);
  const code = classified.status === 401 ? 'UNAUTHENTICATED' : classified.status === 415 ? 'BAD_REQUEST' : mlflowCodeOf[classified.code];
  // MLflow's status of the code, except where HTTP has a more exact one (no token, too large, unreadable content type).
  const status = classified.status === 401 || classified.status === 413 || classified.status === 415 ? classified.status : statusOfMlflowCode[code];
  return { status, code, message: classified.message };
}

interface ValidationIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** One sentence on the first field that does not fit MLflow's message, one pointing at the message's definition. */
function describeValidationIssue(issue: ValidationIssue | undefined, part: string): string {
  if (!issue) return `The ${part} does not fit MLflow's request message. See MLflow's REST API documentation.`;
  const field = issue.instancePath.split('/').filter(Boolean).join('.');
  const detail =
    issue.keyword === 'required'
      ? `lacks the required field '${String(issue.params.missingProperty)}'`
      : `has ${field === '' ? 'a value' : `the field '${field}'`} that ${issue.message ?? 'is not valid'}`;
  return `The ${part} ${detail}. Send it as MLflow's REST API documents the message (strings for ids and versions, numbers for timestamps and steps).`;
}
