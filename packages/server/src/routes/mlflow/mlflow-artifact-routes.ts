import { posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { runArtifactKey, validateArtifactName, type MLOpsContext, type Run } from '@mlops-ts/core';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { limitedUpload } from '../../http/limited-upload.js';
import type { RouteContext } from '../route-context.js';
import { listArtifactFolder, normalizeArtifactFolder, toFileInfo } from './mlflow-artifact-folders.js';
import { MlflowApiError, noCounterpart } from './mlflow-errors.js';
import { MlflowExperimentIds, parseRunArtifactPath, type RunArtifactPath } from './mlflow-ids.js';
import { VerifiedDownload, whenReadable } from './verified-download.js';

const hidden = { hide: true } as const;
const ArtifactPath = Type.Object({ '*': Type.String({ maxLength: 1_100 }) });

/**
 * MLflow's proxied artifact API (`mlflow-artifacts:/` URIs): run artifacts under
 * `<experiment id>/<run id>/artifacts/<name>`, uploaded and downloaded as streams (never
 * held whole) through the core, which records each file's size and SHA-256.
 */
export const mlflowArtifactRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, context) => {
  const { mlops } = context;
  await app.register(artifactUploadRoute, context);

  app.get('/artifacts/*', {
    exposeHeadRoute: false,
    schema: { ...hidden, params: ArtifactPath },
    handler: async (request, reply) => {
      const path = requireFilePath(request.params['*']);
      const run = await runOf(mlops, path);
      const name = validateArtifactName(path.name);
      const artifact = (await mlops.model.getRunArtifacts(run.id)).find((candidate) => candidate.name === name);
      if (!artifact) throw new MlflowApiError('RESOURCE_DOES_NOT_EXIST', `Run '${run.id}' has no artifact file '${name}'. List its artifacts with GET /api/2.0/mlflow-artifacts/artifacts?path=${path.mlflowExperimentId}/${run.id}/artifacts.`);
      const verified = new VerifiedDownload(artifact);
      pipeline(await mlops.modelRepository.get(runArtifactKey(run.id, artifact.name)), verified).catch(() => undefined);
      await whenReadable(verified);
      return reply.header('content-length', artifact.sizeBytes).type('application/octet-stream').send(verified);
    },
  });

  app.get('/artifacts', {
    schema: { ...hidden, querystring: Type.Object({ path: Type.Optional(Type.String({ maxLength: 1_100 })) }) },
    handler: async (request) => {
      const path = parseRunArtifactPath(request.query.path ?? '');
      if (!path) throw notARunPath(request.query.path ?? '');
      const run = await runOf(mlops, path);
      const folder = normalizeArtifactFolder(path.name);
      const entries = listArtifactFolder(await mlops.model.getRunArtifacts(run.id), folder);
      // Paths relative to the folder listed, as MLflow's artifact server answers.
      return { files: entries.map((entry) => toFileInfo(entry, posix.basename(entry.path))) };
    },
  });

  app.delete('/artifacts/*', {
    schema: { ...hidden, params: ArtifactPath },
    handler: async () => {
      throw noCounterpart("Deleting one artifact of a run", "A run's artifacts stay as long as the run: delete the run (runs/delete), and purge it with @mlops-ts/core's lifecycle.purge() to remove its files.");
    },
  });

  for (const step of ['create', 'complete', 'abort']) {
    app.post(`/mpu/${step}/*`, {
      schema: { ...hidden, params: ArtifactPath },
      // NOT_IMPLEMENTED is what MLflow's clients read as "upload in one request instead".
      handler: async () => {
        throw new MlflowApiError('NOT_IMPLEMENTED', 'Multipart uploads are not needed here: an upload streams to the model repository in one request of any size. Upload with PUT /api/2.0/mlflow-artifacts/artifacts/<path>.', 501);
      },
    });
  }
};

/** The upload route, in a scope of its own where no body is parsed: the route streams it to the repository. */
const artifactUploadRoute: FastifyPluginAsyncTypebox<RouteContext> = async (app, { mlops, limits }) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));

  app.put('/artifacts/*', {
    schema: { ...hidden, params: ArtifactPath },
    handler: async (request, reply) => {
      const path = requireFilePath(request.params['*']);
      const run = await runOf(mlops, path);
      const name = validateArtifactName(path.name);
      if ((await mlops.model.getRunArtifacts(run.id)).some((artifact) => artifact.name === name)) {
        throw new MlflowApiError('RESOURCE_ALREADY_EXISTS', `Run '${run.id}' already has the artifact '${name}', and artifacts here are never overwritten (versions point at them). Log the file under another name.`);
      }
      const upload = limitedUpload(request, reply, limits.blobBytes, () => tooLarge(limits.blobBytes));
      try {
        await mlops.model.upload(run.id, upload.body, { name });
      } catch (error) {
        throw upload.errorOf(error);
      }
      return {};
    },
  });
};

/** The run a path names, checked against the path's experiment id. */
async function runOf(mlops: MLOpsContext, path: RunArtifactPath): Promise<Run> {
  const run = await mlops.lifecycle.getRun(path.runId);
  if ((await new MlflowExperimentIds(mlops).mlflowIdOfCoreId(run.experimentId)) !== path.mlflowExperimentId) {
    throw new MlflowApiError('RESOURCE_DOES_NOT_EXIST', `Run '${run.id}' is not in experiment '${path.mlflowExperimentId}'. Use the artifact_uri that runs/get answers for the run.`);
  }
  return run;
}

function requireFilePath(raw: string): RunArtifactPath {
  const path = parseRunArtifactPath(raw);
  if (!path || path.name === '') throw notARunPath(raw);
  return path;
}

function notARunPath(raw: string): MlflowApiError {
  return new MlflowApiError(
    'INVALID_PARAMETER_VALUE',
    `The artifact path '${raw.slice(0, 300)}' is not inside a run's artifacts. Use <experiment id>/<run id>/artifacts/<name>, as the run's artifact_uri gives it.`,
  );
}

function tooLarge(limit: number): MlflowApiError {
  return new MlflowApiError('INVALID_PARAMETER_VALUE', `The artifact is larger than this server accepts (${limit} bytes). Ask its operator to raise limits.blobBytes, or log a smaller file.`, 413);
}
