import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MLOpsBuilder, type MLOpsBuilder as Builder, type MLOpsContext, type ModelVersion } from '@mlops-ts/core';
import { linearRegressionToOnnx, uploadOnnxModel } from '@mlops-ts/onnx';

/** A context on the in-memory store and local files in a temp folder, configured by `configure`. */
export async function openContainerContext(configure: (builder: Builder) => Builder): Promise<{ mlops: MLOpsContext; dispose(): Promise<void> }> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'mlops-container-context-'));
  let mlops: MLOpsContext;
  try {
    mlops = await configure(new MLOpsBuilder({ captureRunContext: false }).useInMemoryMetadataStore().useLocalFileModelRepository(path.join(directory, 'models'))).build();
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  return {
    mlops,
    dispose: async () => {
      await mlops.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** y = a·x1 + b·x2 + c as ONNX: input `X` [N, 2], output `variable` [N, 1]. */
export function linearModel(a: number, b: number, c: number): Uint8Array {
  return linearRegressionToOnnx({ weights: [[a], [b], [c]], inputs: 2, outputs: 1, intercept: true });
}

/** Uploads a model to a new run of `experiment` and registers it into `model`. */
export async function registerModelBytes(mlops: MLOpsContext, bytes: Uint8Array, model: string, experiment = 'container-tests'): Promise<ModelVersion> {
  const run = await mlops.lifecycle.createRun(experiment);
  const { artifact } = await uploadOnnxModel(mlops, run.id, bytes, { name: 'model.onnx' });
  await mlops.lifecycle.endRun(run.id);
  return mlops.model.registerModel(experiment, artifact.id, 'ci', { model });
}
