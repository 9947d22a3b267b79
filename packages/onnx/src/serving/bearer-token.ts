import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { MLOpsError } from '@mlops-ts/core';

import { HttpError } from './http-response.js';

/** The environment variable `serve()` reads its token from when the `token` option is absent. */
export const serveTokenVariable = 'MLOPS_SERVE_TOKEN';

/**
 * The token clients must send: the option, else `MLOPS_SERVE_TOKEN`, else none.
 * @throws MLOpsError `INVALID_ARGUMENT` for an empty token or one with whitespace (it could
 *   never be sent as one `Authorization` value); the message never repeats the token.
 */
export function resolveServeToken(option: string | undefined, environment: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromOption = option !== undefined;
  const token = fromOption ? option : environment[serveTokenVariable];
  if (token === undefined) return undefined;
  const source = fromOption ? 'The token option' : `${serveTokenVariable}`;
  if (typeof token !== 'string' || token === '' || /\s/.test(token)) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `${source} is ${typeof token !== 'string' ? 'not a string' : token === '' ? 'empty' : 'made of more than one word'}. Pass a secret without spaces, e.g. from \`openssl rand -hex 32\`, or leave it unset to serve without a token.`,
    );
  }
  return token;
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * A check for `Authorization: Bearer <token>`. Both sides are hashed first, so
 * `timingSafeEqual` compares equal lengths and the time taken tells nothing about the token.
 * @returns a function that throws HttpError 401 (with `WWW-Authenticate: Bearer`) unless the request carries the token.
 */
export function bearerTokenCheck(token: string): (request: IncomingMessage) => void {
  const expected = digest(token);
  return (request) => {
    const header = request.headers.authorization;
    const match = header === undefined ? null : /^Bearer +(\S+) *$/i.exec(header);
    if (match === null) {
      throw new HttpError(401, 'UNAUTHENTICATED', `This server needs a bearer token. Send 'Authorization: Bearer <token>'.`, {
        'www-authenticate': 'Bearer realm="model"',
      });
    }
    if (!timingSafeEqual(digest(match[1]!), expected)) {
      throw new HttpError(401, 'UNAUTHENTICATED', `The bearer token is not the server's. Send the token the server was started with.`, {
        'www-authenticate': 'Bearer realm="model", error="invalid_token"',
      });
    }
  };
}
