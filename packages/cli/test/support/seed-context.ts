import path from 'node:path';
import { MLOpsBuilder, type MLOpsContext } from '@mlops-ts/core';
import '@mlops-ts/sqlite';

/**
 * The library's own context on the embedded default of `folder` (the database and files the
 * command uses there), to write records the command has no verb for, such as data sets.
 */
export function openSeedContext(folder: string): Promise<MLOpsContext> {
  return new MLOpsBuilder({ captureRunContext: false })
    .useSQLite({ path: path.join(folder, 'mlops', 'mlops.db') })
    .useLocalFileModelRepository(path.join(folder, 'mlops', 'models'))
    .build();
}
