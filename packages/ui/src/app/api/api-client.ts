/** Calls the tracking server's /api/v1 with the session's token, turning error answers into ApiError. */

const tokenKey = 'mlops-ts.token';

/** An error answer of the API: its MLOpsError code, message and, for filters, the position of the problem. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly offset?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The token kept for this browser session (sessionStorage: gone when the tab closes). */
export function sessionToken(): string | null {
  return sessionStorage.getItem(tokenKey);
}

export function setSessionToken(token: string | null): void {
  if (token === null) sessionStorage.removeItem(tokenKey);
  else sessionStorage.setItem(tokenKey, token);
}

/** The API's URL of `path`, relative to the page so the UI works under any path prefix. */
export function apiUrl(path: string): string {
  return new URL(`api/v1${path}`, document.baseURI).toString();
}

export async function apiFetch(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<Response> {
  const token = sessionToken();
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(apiUrl(path), {
    method: init.method ?? 'GET',
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    ...(init.signal === undefined ? {} : { signal: init.signal }),
  });
  if (!response.ok) {
    let body: { code?: string; message?: string; offset?: number } = {};
    try {
      body = (await response.json()) as typeof body;
    } catch {
      // Not JSON (a proxy's page): the status says enough.
    }
    throw new ApiError(response.status, body.code ?? 'UNAVAILABLE', body.message ?? `The server answered ${response.status} ${response.statusText}.`, body.offset);
  }
  return response;
}

/** Calls the API and reads the JSON answer (undefined for 204). */
export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const response = await apiFetch(path, init);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** JSON has no NaN or ±Infinity: the API sends them as strings. */
export function toNumber(value: number | string | null | undefined): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  return Number.NaN;
}

/** `api`, with null for NOT_FOUND (a run without a confusion matrix, say). */
export async function apiOrNull<T>(path: string): Promise<T | null> {
  try {
    return await api<T>(path);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}
