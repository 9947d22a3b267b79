import { MLOpsError } from '@mlops-ts/core';
import type { FastifyInstance } from 'fastify';
import type { BearerTokens, Principal, TokenScope } from './bearer-tokens.js';
import { HttpStatusError } from './http-status-error.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who sent the request (set by the authentication hook). */
    principal: Principal;
  }
  interface FastifyContextConfig {
    /** The scope a route needs. Default: 'read' for GET and HEAD, 'write' for the other methods. */
    scope?: TokenScope | 'none';
  }
}

const anonymous: Principal = Object.freeze({ name: 'anonymous', scope: 'write', isAuthenticated: false });

/**
 * Adds the hook that checks the bearer token of every request of `app` (and its child
 * plugins) against the scope its route needs, before the body is read.
 */
export function requireTokens(app: FastifyInstance, tokens: BearerTokens): void {
  app.addHook('onRequest', async (request) => {
    const needed = neededScope(request.routeOptions.config?.scope, request.method);
    if (!tokens.isEnabled) {
      request.principal = anonymous;
      return;
    }
    if (needed === 'none') return;
    const principal = tokens.authenticate(request.headers.authorization);
    if (!principal) {
      throw new HttpStatusError(
        401,
        'PERMISSION_DENIED',
        request.headers.authorization === undefined
          ? "The request has no token. Send 'Authorization: Bearer <token>' with a token the server's operator gave you."
          : "The request's token is not one this server accepts. Check it, or ask the server's operator for a token.",
      );
    }
    if (needed === 'write' && principal.scope !== 'write') {
      throw new MLOpsError('PERMISSION_DENIED', `The token '${principal.name}' may only read, and ${request.method} ${request.routeOptions.url ?? request.url} writes. Use a token with the 'write' scope.`);
    }
    request.principal = principal;
  });
}

/** The scope a route needs: its configured one, else 'read' for GET and HEAD and 'write' for the other methods. */
export function neededScope(configured: TokenScope | 'none' | undefined, method: string): TokenScope | 'none' {
  if (configured !== undefined) return configured;
  return method === 'GET' || method === 'HEAD' ? 'read' : 'write';
}
