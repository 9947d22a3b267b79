import { createHash, timingSafeEqual } from 'node:crypto';
import { MLOpsError } from '@mlops-ts/core';

/** What a token allows: `read` (GET and searches) or `write` (everything). */
export type TokenScope = 'read' | 'write';

/** A bearer token the server accepts. */
export interface ServerToken {
  /**
   * Who holds it, e.g. 'ci' or 'alice@acme.com': recorded as `registeredBy` and `deployedBy`
   * of what it writes. 1 to 250 characters.
   */
  name: string;
  /** The secret a client sends as `Authorization: Bearer <token>`; at least 16 characters. */
  token: string;
  /** `read` or `write`. */
  scope: TokenScope;
}

/** Who made a request: the token's holder, or `anonymous` on a server without tokens. */
export interface Principal {
  name: string;
  scope: TokenScope;
  /** False on a server configured without tokens (then writes keep the names clients give). */
  isAuthenticated: boolean;
}

const minimumTokenLength = 16;

/**
 * Checks presented tokens against the configured ones in constant time: each is hashed
 * (so lengths do not leak through the comparison) and compared with every configured
 * digest, without stopping at a match.
 */
export class BearerTokens {
  readonly #entries: { digest: Buffer; name: string; scope: TokenScope }[];

  constructor(tokens: readonly ServerToken[]) {
    this.#entries = tokens.map((token, index) => {
      validateToken(token, index);
      return { digest: digestOf(token.token), name: token.name, scope: token.scope };
    });
    const names = new Set<string>();
    for (const { name } of this.#entries) {
      if (names.has(name)) throw new MLOpsError('INVALID_ARGUMENT', `Two server tokens are named '${name}'. Give each token its own name, so what it writes says who wrote it.`);
      names.add(name);
    }
  }

  /** Whether any token is configured; without tokens the server is open (and listens on loopback only unless told otherwise). */
  get isEnabled(): boolean {
    return this.#entries.length > 0;
  }

  /** The holder of the token in an `Authorization` header, or undefined when it is missing, malformed or unknown. */
  authenticate(authorization: string | undefined): Principal | undefined {
    const match = authorization === undefined ? null : /^Bearer[ ]+([^\s]+)\s*$/i.exec(authorization);
    if (!match) return undefined;
    const presented = digestOf(match[1]!);
    let found: Principal | undefined;
    for (const entry of this.#entries) {
      if (timingSafeEqual(entry.digest, presented) && found === undefined) found = { name: entry.name, scope: entry.scope, isAuthenticated: true };
    }
    return found;
  }
}

function digestOf(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

function validateToken(token: ServerToken, index: number): void {
  const where = `Server token ${index + 1}`;
  if (typeof token !== 'object' || token === null) {
    throw new MLOpsError('INVALID_ARGUMENT', `${where} is not an object. Give { name, token, scope } with scope 'read' or 'write'.`);
  }
  if (typeof token.name !== 'string' || token.name.length === 0 || token.name.length > 250 || /[\u0000-\u001f\u007f-\u009f]/.test(token.name)) {
    throw new MLOpsError('INVALID_ARGUMENT', `${where} has no valid name. Give a name of 1 to 250 characters without control characters, such as 'ci'.`);
  }
  if (typeof token.token !== 'string' || token.token.length < minimumTokenLength || /\s/.test(token.token)) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `The token of '${token.name}' is shorter than ${minimumTokenLength} characters or contains white space. Generate one, e.g. with: node -e "console.log(crypto.randomBytes(32).toString('base64url'))"`,
    );
  }
  if (token.scope !== 'read' && token.scope !== 'write') {
    throw new MLOpsError('INVALID_ARGUMENT', `The scope of token '${token.name}' is ${JSON.stringify(token.scope)}. Use 'read' or 'write'.`);
  }
}
