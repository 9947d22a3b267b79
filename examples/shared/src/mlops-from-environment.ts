import { MLOpsBuilder, MLOpsError, type MLOpsContext } from '@mlops-ts/core';
import '@mlops-ts/sqlite';

/**
 * Builds the context from optional environment variables, so a pipeline runs against any
 * store without a code change, and says in words which store that is (for the summary):
 *
 * - nothing set: the embedded default (SQLite at ./mlops/mlops.db, model files under ./mlops/models);
 * - MLOPS_STORE=sqlite|memory: the metadata store (memory keeps nothing after the run);
 * - MLOPS_SQLITE_PATH: the SQLite file (default ./mlops/mlops.db);
 * - MLOPS_MODELS_DIR: the folder of model files (default ./mlops/models).
 *
 * Another provider is one more case here, e.g. `import '@mlops-ts/s3'` and `.useS3ModelRepository({ … })`.
 *
 * @throws MLOpsError INVALID_ARGUMENT when MLOPS_STORE names a store this function does not know.
 * @example
 * const { mlops, description } = await buildMLOpsFromEnvironment();
 */
export async function buildMLOpsFromEnvironment(env: NodeJS.ProcessEnv = process.env): Promise<{ mlops: MLOpsContext; description: string }> {
  const { MLOPS_STORE: store, MLOPS_SQLITE_PATH: sqlitePath, MLOPS_MODELS_DIR: modelsDir } = env;
  if (!store && !sqlitePath && !modelsDir) {
    return { mlops: await new MLOpsBuilder().build(), description: 'embedded default (SQLite ./mlops/mlops.db, files ./mlops/models)' };
  }
  const builder = new MLOpsBuilder();
  const models = modelsDir ?? 'mlops/models';
  switch (store ?? 'sqlite') {
    case 'sqlite': {
      const database = sqlitePath ?? 'mlops/mlops.db';
      return { mlops: await builder.useSQLite(database).useLocalFileModelRepository(models).build(), description: `SQLite ${database}, files ${models}` };
    }
    case 'memory':
      return { mlops: await builder.useInMemoryMetadataStore().useLocalFileModelRepository(models).build(), description: `in-memory store, files ${models}` };
    default:
      throw new MLOpsError('INVALID_ARGUMENT', `MLOPS_STORE is '${store}', which the examples do not know. Set it to 'sqlite' or 'memory', or leave it unset for the embedded default.`);
  }
}
