/**
 * Models and stores for the predictor, upload and serving suites: real ONNX models made
 * with the package's converters, stored with the in-memory store and local files in a
 * temp folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MLOpsBuilder, type Deployment, type MLOpsContext, type ModelVersion } from '@mlops-ts/core';
import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';

import { linearRegressionToOnnx, logisticRegressionToOnnx, uploadOnnxModel } from '../../src/index.js';
import { OnnxGraphBuilder } from '../../src/export/onnx-graph-builder.js';
import { makeBlobs } from '../../src/export/test-support/parity-support.js';

export interface TestContext {
  mlops: MLOpsContext;
  directory: string;
  dispose(): Promise<void>;
}

/** A context on the in-memory store and a local-file repository in a fresh temp folder. */
export async function openTestContext(): Promise<TestContext> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'mlops-onnx-test-'));
  const mlops = await new MLOpsBuilder().useInMemoryMetadataStore().useLocalFileModelRepository(path.join(directory, 'models')).build();
  return {
    mlops,
    directory,
    dispose: async () => {
      await mlops.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

export const speciesLabels = ['setosa', 'versicolor', 'virginica'] as const;

/** A trained ml-logistic-regression classifier over 4 features with string labels: outputs `label` [N] and `probabilities` [N, 3]. */
export function classifierModel(): { bytes: Uint8Array; rows: number[][]; model: LogisticRegression } {
  const data = makeBlobs({ seed: 11, rows: 90, features: 4, classCount: 3, spread: 0.5 });
  const model = new LogisticRegression({ numSteps: 300, learningRate: 5e-3 });
  model.train(new Matrix(data.trainX), Matrix.columnVector(data.trainY));
  return { bytes: logisticRegressionToOnnx(model, { labels: [...speciesLabels] }), rows: data.testX, model };
}

/** y = factor · x as a linear regression over one feature: input `X` [N, 1], output `variable` [N, 1]. */
export function scaleModel(factor: number): Uint8Array {
  return linearRegressionToOnnx({ weights: [[factor], [0]], inputs: 1, outputs: 1, intercept: true });
}

/**
 * A model with three inputs of different element types, each passed through:
 * `x` float32 [N, 2], `count` int64 [N], `name` string [N] → `x_out`, `count_out`, `name_out`.
 */
export function multiInputModel(): Uint8Array {
  const graph = new OnnxGraphBuilder('pass_through');
  graph.reserve('x', 'count', 'name', 'x_out', 'count_out', 'name_out');
  graph.node('Identity', ['x'], ['x_out']);
  graph.node('Identity', ['count'], ['count_out']);
  graph.node('Identity', ['name'], ['name_out']);
  return graph.build({
    inputs: [
      { name: 'x', elementType: 'float32', shape: ['N', 2] },
      { name: 'count', elementType: 'int64', shape: ['N'] },
      { name: 'name', elementType: 'string', shape: ['N'] },
    ],
    outputs: [
      { name: 'x_out', elementType: 'float32', shape: ['N', 2] },
      { name: 'count_out', elementType: 'int64', shape: ['N'] },
      { name: 'name_out', elementType: 'string', shape: ['N'] },
    ],
  });
}

/** Well-formed ONNX whose only node is an operator no runtime has: the signature reads, the session fails. */
export function unloadableModel(): Uint8Array {
  const graph = new OnnxGraphBuilder('broken');
  graph.reserve('X', 'variable');
  graph.node('NoSuchOperator', ['X'], ['variable']);
  return graph.build({ inputs: [{ name: 'X', elementType: 'float32', shape: ['N', 1] }], outputs: [{ name: 'variable', elementType: 'float32', shape: ['N', 1] }] });
}

/** Uploads (recording the schema), registers and deploys a model; creates the target if needed. */
export async function deployBytes(
  mlops: MLOpsContext,
  bytes: Uint8Array,
  options: { experiment: string; target: string; name?: string },
): Promise<{ registered: ModelVersion; deployment: Deployment }> {
  const run = await mlops.lifecycle.createRun(options.experiment);
  const { artifact } = await uploadOnnxModel(mlops, run.id, bytes, { name: options.name ?? 'model.onnx' });
  await mlops.lifecycle.endRun(run.id);
  const registered = await mlops.model.registerModel(options.experiment, artifact.id, 'test');
  const target = await mlops.deployment.createDeploymentTarget(options.target);
  const deployment = await mlops.deployment.deployModel(target, registered, 'test');
  return { registered, deployment };
}

/**
 * Deploys bytes with the core's plain upload, without this package's checks: ONNX that
 * reads but cannot load as 'model.onnx', or anything at all under a name such as 'model.bin'
 * (the schema reader only checks '.onnx' files).
 */
export async function deployUncheckedBytes(mlops: MLOpsContext, bytes: Uint8Array, options: { experiment: string; target: string; name?: string }): Promise<Deployment> {
  const run = await mlops.lifecycle.createRun(options.experiment);
  const artifact = await mlops.model.upload(run.id, bytes, { name: options.name ?? 'model.onnx' });
  const registered = await mlops.model.registerModel(options.experiment, artifact.id, 'test');
  return mlops.deployment.deployModel(options.target, registered, 'test');
}
