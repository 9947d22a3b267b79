/**
 * Socket-level error codes of Node.js that mean the service could not be reached or
 * stopped answering: refused or reset connections, timeouts, DNS failures and
 * unreachable hosts or networks.
 */
const networkErrorCodes: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** How deep `isNetworkError` follows `cause` and `errors`; SDKs wrap a socket error a few times at most. */
const maximumDepth = 5;

/** Options of `isNetworkError`. */
export interface NetworkErrorOptions {
  /**
   * Further `code` values that mean the same for one SDK, such as Azure's
   * `'REQUEST_SEND_ERROR'`. Checked at every level, like the built-in ones.
   */
  extraCodes?: readonly string[];
}

/**
 * Whether an error, or one it wraps, says the service could not be reached: a socket
 * `code` of Node.js (`ECONNREFUSED`, `ECONNRESET`, `ECONNABORTED`, `EPIPE`, `ETIMEDOUT`,
 * `ENOTFOUND`, `EAI_AGAIN`, `EHOSTUNREACH`, `ENETUNREACH`) on the error, along its `cause`
 * chain or among the `errors` of an `AggregateError` (as `net.connect` raises when every
 * address of a host refuses). Providers use it to translate such failures into
 * `UNAVAILABLE` (`storeErrors.unavailable`). Never throws.
 *
 * @example
 * if (isNetworkError(error)) throw storeErrors.unavailable(providerId, `S3 could not be reached to ${action} ${target}`, error);
 */
export function isNetworkError(error: unknown, options: NetworkErrorOptions = {}): boolean {
  const extraCodes = options.extraCodes ?? [];
  const visit = (candidate: unknown, depth: number): boolean => {
    if (typeof candidate !== 'object' || candidate === null || depth > maximumDepth) return false;
    const { code, cause, errors } = candidate as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === 'string' && (networkErrorCodes.has(code) || extraCodes.includes(code))) return true;
    if (Array.isArray(errors) && errors.some((inner) => visit(inner, depth + 1))) return true;
    return visit(cause, depth + 1);
  };
  return visit(error, 0);
}
