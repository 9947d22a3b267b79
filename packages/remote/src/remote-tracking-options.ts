import { MLOpsError, optionKeys, refuseUnknownOptions } from '@mlops-ts/core';

/** The provider id remote errors carry. */
export const remoteProviderId = 'remote';

/** Options of `useRemoteTracking(url, options)`, `RemoteMetadataStore` and `RemoteModelRepository`. */
export interface RemoteTrackingOptions {
  /**
   * A bearer token the server's operator gave you (sent as `Authorization: Bearer <token>`).
   * A `read` token reads; writing needs a `write` token. Leave it out only for a server
   * without tokens. Never shown in errors, logs or `util.inspect`.
   */
  token?: string;
  /**
   * How long one JSON call may take, in milliseconds, before it is abandoned (and retried
   * when that is safe). Blob transfers stream without this limit. Default 120,000.
   */
  requestTimeoutMs?: number;
  /**
   * Retries of a call that could not reach the server, after the first attempt, with
   * exponential backoff (100 ms doubling to 2 s, randomized): only calls that are safe to
   * repeat, or that never reached the server. Default 4; 0 turns retries off.
   */
  retries?: number;
}

/** Every option name of `RemoteTrackingOptions`, to refuse misspelt ones. */
export const remoteOptionKeys = optionKeys<RemoteTrackingOptions>({ token: true, requestTimeoutMs: true, retries: true });

/** Refuses option names `useRemoteTracking()` does not know, so a misspelt `tokn` is an error rather than an anonymous client. */
export function refuseUnknownRemoteOptions(options: RemoteTrackingOptions | undefined): void {
  if (typeof options === 'object' && options !== null) refuseUnknownOptions('useRemoteTracking()', options, remoteOptionKeys, remoteProviderId);
}

/** The options with defaults applied; numbers given as strings (environment variables) are read. */
export interface ResolvedRemoteOptions {
  token: string | undefined;
  requestTimeoutMs: number;
  retries: number;
}

/**
 * Checks the options (numbers may come as strings from `MLOPS_TRACKING_*` variables) and
 * applies the defaults.
 *
 * @throws MLOpsError INVALID_ARGUMENT naming the option; a token is never repeated.
 */
export function resolveRemoteOptions(options: RemoteTrackingOptions = {}): ResolvedRemoteOptions {
  refuseUnknownRemoteOptions(options);
  if (typeof options !== 'object' || options === null) {
    throw new MLOpsError('INVALID_ARGUMENT', `useRemoteTracking()'s options are ${options === null ? 'null' : typeof options}, not an object. Pass e.g. { token: process.env.MLOPS_TRACKING_TOKEN }.`, {
      providerId: remoteProviderId,
    });
  }
  const { token } = options;
  if (token !== undefined && (typeof token !== 'string' || token.trim() === '' || /[\s\u0000-\u001f\u007f]/.test(token))) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      'The token given to useRemoteTracking() is empty or holds white space or control characters. Pass the token exactly as the server\'s operator gave it, or leave it out for a server without tokens.',
      { providerId: remoteProviderId },
    );
  }
  return {
    token,
    requestTimeoutMs: readWholeNumber('requestTimeoutMs', options.requestTimeoutMs, 120_000, 1),
    retries: readWholeNumber('retries', options.retries, 4, 0),
  };
}

function readWholeNumber(name: string, value: unknown, fallback: number, minimum: number): number {
  if (value === undefined) return fallback;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < minimum) {
    throw new MLOpsError('INVALID_ARGUMENT', `${name} is ${JSON.stringify(value)}, not a whole number of at least ${minimum}. Pass e.g. { ${name}: ${fallback} }.`, {
      providerId: remoteProviderId,
    });
  }
  return number;
}

/**
 * The server's base URL without a trailing slash: http or https, no credentials, query or
 * fragment (a token goes in `options.token`, where it is kept out of messages).
 *
 * @throws MLOpsError INVALID_ARGUMENT; a URL holding credentials is not repeated.
 */
export function normalizeServerUrl(url: unknown): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch (cause) {
    throw new MLOpsError('INVALID_ARGUMENT', `The tracking server URL ${describeUrl(url)} is not a URL. Pass the server's base URL, such as 'http://127.0.0.1:5000' or 'https://mlops.example.com'.`, {
      providerId: remoteProviderId,
      cause,
    });
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new MLOpsError('INVALID_ARGUMENT', 'The tracking server URL holds credentials (user:password@). Remove them from the URL and pass the token as { token }.', {
      providerId: remoteProviderId,
    });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new MLOpsError('INVALID_ARGUMENT', `The tracking server URL uses '${parsed.protocol}', not http: or https:. Pass the server's base URL, such as 'https://mlops.example.com'.`, {
      providerId: remoteProviderId,
    });
  }
  if (parsed.search !== '' || parsed.hash !== '') {
    throw new MLOpsError('INVALID_ARGUMENT', 'The tracking server URL has a query or fragment. Pass the base URL alone (a token goes in { token }).', { providerId: remoteProviderId });
  }
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}

/** A URL for a message, unless it may hold a secret. */
function describeUrl(url: unknown): string {
  const text = String(url);
  return /[@?#]/.test(text) || text.length > 200 ? '(not shown: it may hold a secret)' : `'${text}'`;
}
