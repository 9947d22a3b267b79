import { createHash } from 'node:crypto';
import { MLOpsError } from '../errors.js';

/** What a page token carries between calls. */
export interface PageTokenState {
  /** Runs to skip: the position of the next page. */
  offset: number;
  /** The largest run id when the first page was read; later runs are left out. Null: there were none. */
  maxRunId: string | null;
}

const version = 1;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const base64UrlPattern = /^[A-Za-z0-9_-]+$/;
const maxTokenLength = 1_000;

/**
 * A short digest of what a search asks (experiments, filter, order), so a token from one
 * search is refused by another instead of silently skipping or repeating runs.
 */
export function searchFingerprint(parts: { experimentIds: readonly string[]; filter: string; orderBy: readonly string[] }): string {
  const canonical = JSON.stringify([[...parts.experimentIds].sort(), parts.filter, parts.orderBy]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

/** Encodes the state as an opaque token: base64url of a small JSON object. */
export function encodePageToken(state: PageTokenState, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ v: version, o: state.offset, m: state.maxRunId, q: fingerprint }), 'utf8').toString('base64url');
}

/**
 * Reads a token made by `encodePageToken` for the search with this fingerprint.
 *
 * @throws MLOpsError INVALID_ARGUMENT when the token is malformed, was altered, or belongs
 *   to another search.
 */
export function decodePageToken(token: unknown, fingerprint: string): PageTokenState {
  if (typeof token !== 'string' || token.length === 0 || token.length > maxTokenLength || !base64UrlPattern.test(token)) {
    throw invalidToken();
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch (cause) {
    throw invalidToken(cause);
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) throw invalidToken();
  const { v, o, m, q, ...rest } = decoded as Record<string, unknown>;
  const isValid =
    v === version &&
    Object.keys(rest).length === 0 &&
    typeof o === 'number' &&
    Number.isSafeInteger(o) &&
    o > 0 &&
    (m === null || (typeof m === 'string' && uuidPattern.test(m)));
  if (!isValid) throw invalidToken();
  if (q !== fingerprint) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      'The page token belongs to a search with other experiments, filter or orderBy. Repeat the same search with the token, or leave pageToken out to start over.',
    );
  }
  return { offset: o, maxRunId: m as string | null };
}

function invalidToken(cause?: unknown): MLOpsError {
  return new MLOpsError(
    'INVALID_ARGUMENT',
    'The page token is not one a search returned (it is malformed or was altered). Pass nextPageToken from the previous page unchanged, or leave pageToken out to start over.',
    cause === undefined ? {} : { cause },
  );
}
