import { MlflowApiError } from './mlflow-errors.js';

/**
 * Pages of a list the core answers whole (experiment searches, metric histories): the
 * token carries the offset of the next page, so any replica reads it.
 */
export function pageOf<T>(items: readonly T[], maxResults: number, pageToken: string | undefined): { page: T[]; nextPageToken?: string } {
  const offset = pageToken === undefined || pageToken === '' ? 0 : offsetOf(pageToken);
  const page = items.slice(offset, offset + maxResults);
  const next = offset + page.length;
  return next < items.length ? { page, nextPageToken: Buffer.from(JSON.stringify({ offset: next })).toString('base64url') } : { page };
}

function offsetOf(pageToken: string): number {
  try {
    const { offset } = JSON.parse(Buffer.from(pageToken, 'base64url').toString('utf8')) as { offset?: unknown };
    if (typeof offset === 'number' && Number.isSafeInteger(offset) && offset >= 0) return offset;
  } catch {
    // Answered below.
  }
  throw new MlflowApiError('INVALID_PARAMETER_VALUE', 'The page_token is not one this server gave. Send the next_page_token of the previous page unchanged, or none for the first page.');
}

/** `max_results` checked against MLflow's bounds: a positive number up to `maximum`. */
export function maxResultsOf(value: number | undefined, fallback: number, maximum: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1 || value > maximum) {
    throw new MlflowApiError('INVALID_PARAMETER_VALUE', `max_results is ${value}. Send a whole number from 1 to ${maximum}, and follow next_page_token for more.`);
  }
  return value;
}
