import { MLOpsError } from '@mlops-ts/core';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { isLayoutKey, validateBlobKey, validateBlobPrefix } from '../../blob-keys.js';
import { HttpStatusError } from '../../http/http-status-error.js';
import { limitedUpload } from '../../http/limited-upload.js';
import { errorResponses, NoContent } from '../../schemas/common-schemas.js';
import type { RouteContext } from '../route-context.js';

const tags = ['blobs'];
const KeyPath = Type.Object({ '*': Type.String({ description: "The key, each '/'-separated segment percent-encoded, e.g. runs/<runId>/model.onnx." }) });
const KeyBody = Type.String({ minLength: 1, maxLength: 1_100 });
const RepositoryObject = Type.Object({ key: Type.String(), sizeBytes: Type.Integer(), lastModified: Type.Optional(Type.Integer()) });

/**
 * The model repository over HTTP, limited to the core's key layout: uploads and downloads
 * stream (a body is never held whole), so objects of any size pass in bounded memory.
 */
export const blobRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { mlops, limits }) => {
  const repository = mlops.modelRepository;

  await app.register(blobUploadRoute, { mlops, limits });

  app.get('/blobs/*', {
    schema: {
      tags,
      summary: 'Download a blob',
      description: 'Streams the object (application/octet-stream). NOT_FOUND before any byte when the key is absent.',
      params: KeyPath,
      response: { 200: Type.Unsafe({ description: 'The bytes.', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } }), ...errorResponses(404) },
    },
    exposeHeadRoute: false,
    handler: async (request, reply) => {
      const body = await repository.get(validateBlobKey(request.params['*']));
      return reply.type('application/octet-stream').send(body);
    },
  });

  app.head('/blobs/*', {
    schema: { tags, summary: 'Check that a blob exists', description: '200 when an object is stored under the key, 404 when not (no body either way).', params: KeyPath },
    handler: async (request, reply) => reply.status((await repository.exists(validateBlobKey(request.params['*']))) ? 200 : 404).send(),
  });

  app.delete('/blobs/*', {
    schema: { tags, summary: 'Delete a blob', description: 'Removes the object; a missing key is not an error.', params: KeyPath, response: { 204: NoContent, ...errorResponses() } },
    handler: async (request, reply) => {
      await repository.delete(validateBlobKey(request.params['*']));
      return reply.status(204).send(null);
    },
  });

  app.get('/blobs', {
    schema: {
      tags,
      summary: 'List blobs under a prefix',
      description: 'Objects whose key starts with the prefix (runs/, runs/<runId>/, deployments/ …), in any order.',
      querystring: Type.Object({ prefix: Type.String({ minLength: 1, maxLength: 1_100 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ objects: Type.Array(RepositoryObject) }), ...errorResponses() },
    },
    handler: async (request) => {
      const objects = [];
      for await (const object of repository.list(validateBlobPrefix(request.query.prefix))) if (isLayoutKey(object.key)) objects.push(object);
      return { objects };
    },
  });

  app.post('/blobs/copy', {
    schema: {
      tags,
      summary: 'Copy a blob inside the repository',
      description: 'Copies server-side where the backend can, replacing the destination atomically. NOT_FOUND when the source is absent.',
      body: Type.Object({ sourceKey: KeyBody, destinationKey: KeyBody }, { additionalProperties: false }),
      response: { 204: NoContent, ...errorResponses(404) },
    },
    handler: async (request, reply) => {
      await repository.copy(validateBlobKey(request.body.sourceKey), validateBlobKey(request.body.destinationKey));
      return reply.status(204).send(null);
    },
  });

  app.post('/blobs/download-url', {
    config: { scope: 'read' },
    schema: {
      tags,
      summary: 'Get a URL that downloads a blob without a token',
      description:
        "A time-limited URL a plain HTTP client can GET (an S3 presigned URL, an Azure Blob SAS URL). UNSUPPORTED when the server's repository cannot sign one, and for local files (their file:// URL is of no use off the server).",
      body: Type.Object({ key: KeyBody, expiresInSeconds: Type.Integer({ minimum: 1, maximum: 604_800 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ url: Type.String() }), ...errorResponses(404, 501) },
    },
    handler: async (request) => {
      const key = validateBlobKey(request.body.key);
      const unsupported = new MLOpsError(
        'UNSUPPORTED',
        `The server's model repository ('${repository.providerId}') gives no download URLs that work off the server. Download through GET /api/v1/blobs/${key} instead.`,
      );
      if (!repository.getDownloadUrl) throw unsupported;
      const url = await repository.getDownloadUrl(key, { expiresInSeconds: request.body.expiresInSeconds });
      if (url.startsWith('file:')) throw unsupported;
      return { url };
    },
  });
};

/** The upload route, in a scope of its own where every body is left unread for the route to stream. */
const blobUploadRoute: FastifyPluginAsyncTypebox<RouteContext> = async (app, { mlops, limits }) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));

  app.put('/blobs/*', {
    schema: {
      tags,
      summary: 'Upload a blob',
      description: `Streams the request body (any content type, e.g. application/octet-stream) to the key, replacing what is there; readers see the old object or the complete new one. At most ${limits.blobBytes} bytes by default (413 above the server's limit).`,
      params: KeyPath,
      response: { 200: Type.Object({ sizeBytes: Type.Integer() }), ...errorResponses(413) },
    },
    handler: async (request, reply) => {
      const key = validateBlobKey(request.params['*']);
      const upload = limitedUpload(request, reply, limits.blobBytes, () => tooLarge(limits.blobBytes));
      try {
        return await mlops.modelRepository.put(key, upload.body, { signal: upload.signal, ...(upload.declaredBytes === undefined ? {} : { sizeBytes: upload.declaredBytes }) });
      } catch (error) {
        throw upload.errorOf(error);
      }
    },
  });
};

function tooLarge(limit: number): HttpStatusError {
  return new HttpStatusError(413, 'INVALID_ARGUMENT', `The blob is larger than this server accepts (${limit} bytes). Ask its operator to raise limits.blobBytes, or store a smaller file.`);
}
