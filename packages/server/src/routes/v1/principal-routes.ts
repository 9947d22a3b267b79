import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../schemas/common-schemas.js';
import type { RouteContext } from '../route-context.js';

/** Who the request's token is, so a client such as the web UI can offer only what its scope allows. */
export const principalRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app) => {
  app.get('/whoami', {
    config: { scope: 'read' },
    schema: {
      tags: ['operations'],
      summary: "The request's token: its name and scope",
      description: "401 without a valid token when the server has tokens. A server without tokens answers { name: 'anonymous', scope: 'write', isAuthenticated: false }.",
      response: {
        200: Type.Object({ name: Type.String(), scope: Type.Union([Type.Literal('read'), Type.Literal('write')]), isAuthenticated: Type.Boolean() }),
        ...errorResponses(),
      },
    },
    handler: async (request) => ({ name: request.principal.name, scope: request.principal.scope, isAuthenticated: request.principal.isAuthenticated }),
  });
};
