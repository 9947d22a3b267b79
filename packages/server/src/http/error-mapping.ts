import { MLOpsError, type MLOpsErrorCode } from '@mlops-ts/core';
import type { FastifyError, FastifyRequest } from 'fastify';
import { HttpStatusError } from './http-status-error.js';

/**
 * The HTTP status of each MLOpsError code. The API's clients (and `@mlops-ts/remote`) read
 * the code from the body; the status is for proxies, load balancers and people.
 */
export const httpStatusByCode: Readonly<Record<MLOpsErrorCode, number>> = Object.freeze({
  INVALID_ARGUMENT: 400,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INTEGRITY: 422,
  INTERNAL: 500,
  UNSUPPORTED: 501,
  UNAVAILABLE: 503,
});

/** An error as the server answers it, before a route family gives it its body shape. */
export interface ClassifiedError {
  status: number;
  code: MLOpsErrorCode;
  message: string;
  /** True when the fault is the server's (its store, repository or code), so it is logged as an error. */
  isServerFault: boolean;
  /** For a filter or order-by that does not parse: the 0-based position of the problem. */
  offset?: number;
}

/**
 * Turns whatever a route threw into a status, a code and a message a client may see: no
 * stack, no file path, no connection string. Faults of the server's own store, repository
 * or code answer a generic message with the request's id, which the log carries.
 */
export function classifyError(error: unknown, request: FastifyRequest): ClassifiedError {
  const fastifyError = error as Partial<FastifyError> & { validation?: unknown };
  if (Array.isArray(fastifyError.validation)) {
    return { status: 400, code: 'INVALID_ARGUMENT', message: describeValidationError(fastifyError as FastifyError), isServerFault: false };
  }
  if (MLOpsError.isInstance(error)) {
    // 401 (no or unknown token) and 413 (blob over the limit) have statuses of their own.
    const status = error instanceof HttpStatusError ? error.statusCode : (httpStatusByCode[error.code] ?? 500);
    // The store's and repository's own failures tell of the server's setup, not of the request.
    const isServerFault = error.code === 'UNAVAILABLE' || error.code === 'INTERNAL' || (error.code === 'PERMISSION_DENIED' && error.providerId !== undefined);
    if (isServerFault) return { status, code: error.code, message: serverFaultMessage(error.code, request), isServerFault };
    // A FilterSyntaxError (from any copy of the core) says where the filter went wrong.
    const position = (error as { offset?: unknown }).offset;
    const offset = error.name === 'FilterSyntaxError' && typeof position === 'number' ? { offset: position } : {};
    return { status, code: error.code, message: error.message, isServerFault, ...offset };
  }
  const status = typeof fastifyError.statusCode === 'number' ? fastifyError.statusCode : 500;
  if (status >= 400 && status < 500) return { status, code: 'INVALID_ARGUMENT', message: describeRequestError(fastifyError, status), isServerFault: false };
  return { status: 500, code: 'INTERNAL', message: serverFaultMessage('INTERNAL', request), isServerFault: true };
}

function serverFaultMessage(code: MLOpsErrorCode, request: FastifyRequest): string {
  const what =
    code === 'UNAVAILABLE'
      ? "The tracking server cannot reach its metadata store or model repository. Retry later; if it persists, the server's operator finds the cause in its log"
      : 'The tracking server failed on this request. Its operator finds the cause in its log';
  return `${what} under log id ${request.id}.`;
}

/** Fastify's own errors about the request (body, headers), in the API's words. */
function describeRequestError(error: Partial<FastifyError>, status: number): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is larger than this route accepts. Send smaller batches (see the limits in the README).';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return "The request's Content-Type is not one this route reads. Send JSON with 'Content-Type: application/json' (blobs: 'application/octet-stream').";
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return "The request says 'Content-Type: application/json' but has no body. Send a JSON body, or leave the header out.";
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case undefined:
      if (error.name === 'SyntaxError' || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return 'The request body is not valid JSON. Check quoting and commas, and send UTF-8.';
      break;
  }
  if (status === 413) return 'The request is larger than this route accepts. Send less at once.';
  return `The request is not one this server can read (${error.message ?? 'malformed'}). Check its headers and body.`;
}

interface ValidationIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** One sentence naming the first problem found by the schema, one saying where the schema is. */
function describeValidationError(error: FastifyError & { validation?: ValidationIssue[]; validationContext?: string }): string {
  const issue = error.validation?.[0];
  const part = error.validationContext ?? 'request';
  if (!issue) return `The ${part} does not match the API's schema. See /api/v1/openapi.json.`;
  const where = `${part}${issue.instancePath.replaceAll('/', '.')}`;
  const detail =
    issue.keyword === 'additionalProperties'
      ? `has the unknown property '${String(issue.params.additionalProperty)}'`
      : issue.keyword === 'required'
        ? `lacks the property '${String(issue.params.missingProperty)}'`
        : (issue.message ?? 'is not valid');
  return `The ${where} ${detail}. Fix the request to match the schema in /api/v1/openapi.json.`;
}
