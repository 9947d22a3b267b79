import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MLOpsError } from '@mlops-ts/core';
import pRetry from 'p-retry';
import { stringifyWithFloats } from './json-floats.js';
import { errorFromResponse, isConnectionFailure, isNeverSent, isServersNotFound, unreachable } from './remote-errors.js';
import type { ResolvedRemoteOptions } from './remote-tracking-options.js';

/** The HTTP methods of the API. */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One call of the server's `/api/v1`. */
export interface ApiCall {
  method: HttpMethod;
  /** The path under `/api/v1`, its variable segments encoded with `segment()`. */
  path: string;
  /** Query parameters; arrays repeat the parameter, undefined ones are left out. */
  query?: Readonly<Record<string, string | number | readonly string[] | undefined>>;
  /** A JSON body (non-finite numbers travel as the API's strings). */
  body?: unknown;
  /** A body already written as JSON. */
  jsonText?: string;
  headers?: Readonly<Record<string, string>>;
  /**
   * Whether sending the call twice leaves the same outcome as once, so a call whose answer
   * was lost may be repeated. Default: true for GET, HEAD, PUT, PATCH and DELETE.
   */
  isIdempotent?: boolean;
  /** Aborts the call (no retry follows). */
  signal?: AbortSignal;
  /** False for transfers that may take long: no `requestTimeoutMs`. */
  hasTimeout?: boolean;
  /** What the call does, for messages, such as "create run '…'". */
  action: string;
}

/** Statuses after which an idempotent call is tried again: the server (or its store) is not ready yet. */
const retriedStatuses = new Set([502, 503, 504]);

/**
 * Calls the tracking server's `/api/v1` with the token, JSON bodies, and the server's
 * errors turned back into MLOpsErrors. A call that could not reach the server is tried
 * again with exponential backoff when that is safe: an idempotent call (or one carrying an
 * idempotency key) after any connection failure or a 502/503/504 answer, any call when the
 * connection was never made. The token is kept in a private field, out of every message.
 */
export class ApiClient {
  /** The server's base URL, such as 'http://127.0.0.1:5000'. */
  readonly serverUrl: string;
  readonly #apiUrl: string;
  readonly #authorization: string | undefined;
  readonly #options: Omit<ResolvedRemoteOptions, 'token'>;

  constructor(serverUrl: string, options: ResolvedRemoteOptions) {
    this.serverUrl = serverUrl;
    this.#apiUrl = `${serverUrl}/api/v1`;
    this.#authorization = options.token === undefined ? undefined : `Bearer ${options.token}`;
    this.#options = { requestTimeoutMs: options.requestTimeoutMs, retries: options.retries };
  }

  /** Sends the call (retrying when safe) and answers the successful response; throws the server's error otherwise. */
  async send(call: ApiCall): Promise<Response> {
    const isIdempotent = call.isIdempotent ?? call.method !== 'POST';
    let mayHaveArrived = false;
    let attempts = 0;
    const attempt = async (): Promise<Response> => {
      attempts++;
      let response: Response;
      try {
        response = await fetch(this.#urlOf(call), this.#requestOf(call));
      } catch (error) {
        if (call.signal?.aborted) throw call.signal.reason ?? error;
        if (!isConnectionFailure(error)) {
          throw new MLOpsError('INTERNAL', `The request to ${call.action} could not be sent to the tracking server at ${this.serverUrl}: ${String((error as Error)?.message ?? error).replace(/\.$/, '')}.`, {
            providerId: 'remote',
            cause: error,
          });
        }
        const neverSent = isNeverSent(error);
        mayHaveArrived ||= !neverSent;
        const failure = unreachable(this.serverUrl, call.action, error, attempts);
        if (isIdempotent || neverSent) retryable.add(failure);
        throw failure;
      }
      if (response.ok) return response;
      // A repeated delete whose first attempt may have done the work finds nothing left: that is done.
      if (call.method === 'DELETE' && mayHaveArrived && response.status === 404) {
        await response.body?.cancel();
        return new Response(null, { status: 204 });
      }
      const error = await errorFromResponse(response, this.serverUrl, call.action, call.method);
      if (isIdempotent && retriedStatuses.has(response.status) && error.code === 'UNAVAILABLE') retryable.add(error);
      throw error;
    };
    return pRetry(attempt, {
      retries: this.#options.retries,
      factor: 2,
      minTimeout: 100,
      maxTimeout: 2_000,
      randomize: true,
      shouldRetry: ({ error }) => retryable.has(error),
      ...(call.signal === undefined ? {} : { signal: call.signal }),
    });
  }

  /**
   * Streams `body` as the request body with node:http(s), which reads the source only as fast
   * as the socket drains (fetch keeps a streamed request body in memory). Never retried: the
   * source cannot be read twice.
   */
  async upload<Answer>(call: Omit<ApiCall, 'body' | 'jsonText'>, body: Readable, sizeBytes: number | undefined): Promise<Answer> {
    const url = new URL(this.#urlOf(call));
    const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/octet-stream', ...call.headers };
    if (this.#authorization !== undefined) headers.authorization = this.#authorization;
    if (sizeBytes !== undefined) headers['content-length'] = String(sizeBytes);
    const send = url.protocol === 'https:' ? https.request : http.request;
    let response: http.IncomingMessage;
    try {
      response = await new Promise<http.IncomingMessage>((resolve, reject) => {
        const request = send(url, { method: call.method, headers, ...(call.signal ? { signal: call.signal } : {}) }, resolve);
        request.once('error', reject);
        pipeline(body, request).catch(reject);
      });
    } catch (error) {
      if (call.signal?.aborted) throw call.signal.reason ?? error;
      if (isConnectionFailure(error)) throw unreachable(this.serverUrl, call.action, error, 1);
      throw error;
    }
    const text = await readText(response);
    const answer = new Response(text, { status: response.statusCode ?? 500, statusText: response.statusMessage ?? '' });
    if (!answer.ok) throw await errorFromResponse(answer, this.serverUrl, call.action);
    return JSON.parse(text) as Answer;
  }

  /** The call's JSON answer (undefined for 204). */
  async json<Answer>(call: ApiCall): Promise<Answer> {
    const response = await this.send(call);
    if (response.status === 204 || call.method === 'HEAD') return undefined as Answer;
    try {
      return (await response.json()) as Answer;
    } catch (cause) {
      throw new MLOpsError('INTERNAL', `The tracking server at ${this.serverUrl} answered ${call.action} with a body that is not JSON. Check that the URL points at an @mlops-ts/server.`, {
        providerId: 'remote',
        cause,
      });
    }
  }

  /** The call's JSON answer, or null when the server answers NOT_FOUND. */
  async jsonOrNull<Answer>(call: ApiCall): Promise<Answer | null> {
    try {
      return await this.json<Answer>(call);
    } catch (error) {
      if (isServersNotFound(error)) return null;
      throw error;
    }
  }

  #urlOf(call: ApiCall): string {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(call.query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value) search.append(name, item);
      else search.append(name, String(value));
    }
    const query = search.toString();
    return `${this.#apiUrl}${call.path}${query === '' ? '' : `?${query}`}`;
  }

  #requestOf(call: ApiCall): RequestInit {
    const headers: Record<string, string> = { accept: 'application/json', ...call.headers };
    if (this.#authorization !== undefined) headers.authorization = this.#authorization;
    let body: RequestInit['body'] | undefined;
    if (call.jsonText !== undefined || call.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = call.jsonText ?? stringifyWithFloats(call.body);
    }
    const signals = [...(call.signal ? [call.signal] : []), ...(call.hasTimeout === false ? [] : [AbortSignal.timeout(this.#options.requestTimeoutMs)])];
    return {
      method: call.method,
      headers,
      ...(body === undefined ? {} : { body }),
      ...(signals.length === 0 ? {} : { signal: signals.length === 1 ? signals[0] : AbortSignal.any(signals) }),
    } as RequestInit;
  }
}

async function readText(stream: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

/** Failures worth another attempt (a WeakSet: errors are not marked by a property a user would see). */
const retryable = new WeakSet<object>();

/**
 * Whether the server could hold a record with this id: it creates records with UUIDs only
 * (the client core's UUID v7, or its own), so a getter answers null for any other id, such
 * as an experiment's name the core tries as an id first, without a round trip.
 */
export function isPossibleId(id: string): boolean {
  return typeof id === 'string' && uuid.test(id);
}

/** A UUID as the server's schemas accept one (lowercase hex). */
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A path segment, encoded (ids, aliases, blob key segments). */
export function segment(value: string): string {
  return encodeURIComponent(value);
}
