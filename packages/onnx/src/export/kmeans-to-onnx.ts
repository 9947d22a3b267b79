import { MLOpsError } from '@mlops-ts/core';

import { invalidModel, resolveFeatureCount, resolveInputName, toNumberMatrix } from './model-values.js';
import { attribute, OnnxGraphBuilder } from './onnx-graph-builder.js';
import { TensorDataType } from './onnx-proto.js';

/** The distances the export can express; ml-kmeans defaults to squared Euclidean. */
export type KMeansDistance = 'squaredEuclidean' | 'euclidean';

/**
 * An ml-kmeans `KMeansResult` (what `kmeans()` returns) or any object with its
 * `centroids`; `distance` is the distance function the clustering used.
 */
export interface KMeansModel {
  centroids: readonly (readonly number[])[];
  distance?: ((p: number[], q: number[]) => number) | undefined;
}

/** Options for {@link kmeansToOnnx}. */
export interface KMeansOnnxOptions {
  /** Columns of an input row; defaults to the centroid length (it must match it). */
  featureCount?: number;
  /** Name of the float32 [N, featureCount] input. Default `'X'`. */
  inputName?: string;
  /**
   * The distance to export. By default it is read from the result's distance function
   * (ml-distance-euclidean's `squaredEuclidean`, the ml-kmeans default, or `euclidean`);
   * set it when a bundler renamed that function.
   */
  distance?: KMeansDistance;
}

const LABEL_OUTPUT = 'label';
const SCORES_OUTPUT = 'scores';

/**
 * Exports an ml-kmeans clustering to ONNX: the same assignment as `result.nearest(rows)`.
 *
 * The graph computes Σ (x − c)² to every centroid in float64 with standard operators
 * (Cast, Unsqueeze, Sub, Mul, ReduceSum, then Sqrt for `euclidean`), and ArgMin keeps the
 * first nearest centroid, as ml-nearest-vector's strict `<` scan does.
 *
 * Outputs:
 * - `label` [N] int64: the index of the nearest centroid;
 * - `scores` [N, k] float32: the distance to each centroid (squared Euclidean by default).
 *
 * @throws MLOpsError `UNSUPPORTED` when the clustering used another distance function;
 *   `INVALID_ARGUMENT` when the centroids are missing or malformed.
 * @example
 * const result = kmeans(trainX, 3, { seed: 42 });
 * const bytes = kmeansToOnnx(result);
 */
export function kmeansToOnnx(result: KMeansModel, options: KMeansOnnxOptions = {}): Uint8Array {
  const centroids = toNumberMatrix(result?.centroids, 'centroids');
  const clusterCount = centroids.length;
  const featureCount = resolveFeatureCount(options.featureCount, centroids[0]!.length, true);
  const distance = resolveDistance(result, options.distance);
  const inputName = resolveInputName(options.inputName, [LABEL_OUTPUT, SCORES_OUTPUT]);

  const graph = new OnnxGraphBuilder('ml_kmeans');
  graph.reserve(inputName, LABEL_OUTPUT, SCORES_OUTPUT);
  const centres = graph.constant('centroids', 'float64', [1, clusterCount, featureCount], centroids.flat());
  const input = graph.op('Cast', [inputName], 'input_float64', { to: attribute.int(TensorDataType.float64) });
  const rows = graph.op('Unsqueeze', [input, graph.constant('axis_1', 'int64', [1], [1])], 'rows_n_1_f');
  const differences = graph.op('Sub', [rows, centres], 'differences');
  const squares = graph.op('Mul', [differences, differences], 'squares');
  let distances = graph.op('ReduceSum', [squares, graph.constant('axis_2', 'int64', [1], [2])], 'squared_distances', {
    keepdims: attribute.int(0),
  });
  if (distance === 'euclidean') distances = graph.op('Sqrt', [distances], 'distances');
  graph.node('ArgMin', [distances], [LABEL_OUTPUT], {
    axis: attribute.int(1),
    keepdims: attribute.int(0),
    select_last_index: attribute.int(0),
  });
  graph.node('Cast', [distances], [SCORES_OUTPUT], { to: attribute.int(TensorDataType.float32) });

  return graph.build({
    inputs: [{ name: inputName, elementType: 'float32', shape: ['N', featureCount] }],
    outputs: [
      { name: LABEL_OUTPUT, elementType: 'int64', shape: ['N'] },
      { name: SCORES_OUTPUT, elementType: 'float32', shape: ['N', clusterCount] },
    ],
    docString: `ml-kmeans clustering: ${clusterCount} centroids over ${featureCount} features, ${distance} distance.`,
    metadata: { 'mlops-ts.source-library': 'ml-kmeans', 'mlops-ts.model-kind': 'kmeans', 'mlops-ts.distance': distance },
  });
}

function resolveDistance(result: KMeansModel, requested: KMeansDistance | undefined): KMeansDistance {
  if (requested !== undefined) {
    if (requested !== 'squaredEuclidean' && requested !== 'euclidean') {
      throw new MLOpsError('INVALID_ARGUMENT', `distance '${String(requested)}' is not supported. Pass 'squaredEuclidean' or 'euclidean'.`);
    }
    return requested;
  }
  const distanceFunction = result.distance;
  if (distanceFunction === undefined) return 'squaredEuclidean';
  if (typeof distanceFunction !== 'function') throw invalidModel('distance', 'is not a function');
  if (distanceFunction.name === 'squaredEuclidean' || distanceFunction.name === 'euclidean') return distanceFunction.name;
  throw new MLOpsError(
    'UNSUPPORTED',
    `The clustering used the distance function '${distanceFunction.name || 'anonymous'}', which the ONNX export cannot express. Cluster with ml-kmeans' default squared Euclidean distance, or pass { distance: 'squaredEuclidean' | 'euclidean' } if the function is one of those under another name.`,
  );
}
