import type { FastifyRequest } from 'fastify';

/**
 * Who a write records as its author (`registeredBy`, `deployedBy`): the token's name, so a
 * client cannot write in someone else's name. Only a server without tokens keeps the name
 * the client sent (or 'anonymous').
 */
export function recordedAuthor(request: FastifyRequest, claimed: string | undefined): string {
  if (request.principal.isAuthenticated) return request.principal.name;
  return claimed === undefined || claimed.length === 0 ? request.principal.name : claimed;
}
