import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MLOpsError } from '@mlops-ts/core';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A streamed request body held to a size limit, for the routes that upload blobs. */
export interface LimitedUpload {
  /** The body, failing with the route's too-large error past the limit. */
  body: Transform;
  /** Aborted when the client goes away before sending the whole body. */
  signal: AbortSignal;
  /** The Content-Length the client declared, when it is a safe integer. */
  declaredBytes: number | undefined;
  /** What the route throws for an upload that failed: the too-large error when the limit was the cause. */
  errorOf(error: unknown): unknown;
}

/**
 * Streams a request body through a byte counter, refusing a declared or actual size past
 * `maxBytes` with `tooLarge()` (and closing the connection, since the rest of the body is
 * not read). A client that goes away fails the body and aborts `signal`, so the
 * repository writes nothing.
 */
export function limitedUpload(request: FastifyRequest, reply: FastifyReply, maxBytes: number, tooLarge: () => Error): LimitedUpload {
  const header = request.headers['content-length'];
  const declared = header === undefined ? undefined : Number(header);
  if (declared !== undefined && declared > maxBytes) {
    reply.header('connection', 'close');
    throw tooLarge();
  }
  let received = 0;
  let isOverLimit = false;
  const body = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (received > maxBytes) {
        isOverLimit = true;
        callback(tooLarge());
      } else callback(null, chunk);
    },
  });
  const aborted = new AbortController();
  request.raw.once('close', () => {
    if (request.raw.complete) return;
    const reason = new MLOpsError('INVALID_ARGUMENT', 'The client closed the upload before sending all of it.');
    aborted.abort(reason);
    body.destroy(reason);
  });
  pipeline(request.raw, body).catch(() => undefined);
  return {
    body,
    signal: aborted.signal,
    declaredBytes: declared !== undefined && Number.isSafeInteger(declared) ? declared : undefined,
    errorOf(error) {
      if (!isOverLimit) return error;
      reply.header('connection', 'close');
      return tooLarge();
    },
  };
}
