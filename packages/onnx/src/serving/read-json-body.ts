import type { IncomingMessage } from 'node:http';
import { MIMEType } from 'node:util';

import { HttpError } from './http-response.js';

/**
 * Reads a request body of at most `limitBytes` and parses it as JSON.
 * @throws HttpError 415 unless the body is declared `application/json` (UTF-8, not
 *   compressed); 413 above the limit (announced by content-length or counted while
 *   reading); 400 for an empty body or malformed JSON.
 */
export async function readJsonBody(request: IncomingMessage, limitBytes: number): Promise<unknown> {
  requireJson(request);
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(limitBytes);
  const text = await readText(request, limitBytes);
  if (text.trim() === '') {
    throw new HttpError(400, 'INVALID_ARGUMENT', 'The request body is empty. Send JSON such as {"X": [5.1, 3.5, 1.4, 0.2]} or {"instances": [...]}.');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new HttpError(400, 'INVALID_ARGUMENT', `The request body is not valid JSON (${(cause as Error).message}). Send a JSON object keyed by input name.`);
  }
}

/**
 * Refuses a body not declared as JSON before reading it: a form post or a text body would
 * otherwise reach the JSON parser (a cross-site form can send one without a preflight).
 */
function requireJson(request: IncomingMessage): void {
  const declared = request.headers['content-type'];
  let type: MIMEType | undefined;
  try {
    type = declared === undefined ? undefined : new MIMEType(declared);
  } catch {
    // An unparsable header is refused below like any other type.
  }
  const charset = type?.params.get('charset')?.toLowerCase();
  if (type?.essence !== 'application/json' || (charset !== undefined && charset !== 'utf-8')) {
    throw new HttpError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      `The request body is declared as ${declared === undefined ? 'nothing' : `'${declared.slice(0, 100)}'`}, not JSON. Send it with 'Content-Type: application/json' (UTF-8).`,
    );
  }
  const encoding = request.headers['content-encoding'];
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `The request body is encoded as '${encoding.slice(0, 100)}', which the server does not decode. Send it uncompressed.`);
  }
}

/**
 * Collects the body with listeners rather than `for await`: leaving an async iterator early
 * destroys the request, and with it the socket, so a client still sending an oversized body
 * would see a reset instead of the 413. Past the limit the rest is drained unread.
 */
function readText(request: IncomingMessage, limitBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limitBytes) {
        chunks.push(chunk);
        return;
      }
      request.off('data', onData);
      request.resume();
      reject(tooLarge(limitBytes));
    };
    request.on('data', onData);
    request.once('end', () => {
      if (size <= limitBytes) resolve(Buffer.concat(chunks, size).toString('utf8'));
    });
    // The client went away or was timed out: the connection is gone, so this is no server failure to log.
    request.once('error', () => reject(new HttpError(400, 'REQUEST_ABORTED', 'The request ended before its body did. Send the whole body within requestTimeoutMs.')));
  });
}

function tooLarge(limitBytes: number): HttpError {
  return new HttpError(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${limitBytes} bytes. Send fewer rows per request, or raise bodyLimitBytes in serve().`);
}
