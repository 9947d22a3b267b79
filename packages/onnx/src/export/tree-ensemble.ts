import { invalidModel, type MatrixLike } from './model-values.js';
import { attribute, ML_DOMAIN, type OnnxGraphBuilder } from './onnx-graph-builder.js';

/**
 * A node of an ml-cart tree (a `TreeNode`, or its JSON): internal nodes send a row left
 * when `row[splitColumn] < splitValue`, right otherwise; leaves hold `distribution`
 * (class frequencies for a classifier, the mean value for a regression).
 */
export interface CartNode {
  splitValue?: number;
  splitColumn?: number;
  left?: CartNode;
  right?: CartNode;
  distribution?: number | MatrixLike | readonly number[] | readonly (readonly number[])[];
}

/** One tree to add: its root, and how to map its columns and leaves into the ensemble. */
export interface TreeToAdd {
  root: CartNode;
  /** The input column a tree column reads (a random forest tree sees a feature subset). */
  featureOf: (splitColumn: number) => number;
  /** The (target, weight) pairs a leaf adds to the output. */
  leafWeights: (leaf: CartNode) => readonly (readonly [target: number, weight: number])[];
}

/** True when ml-cart would stop at this node (`classify` needs both children to descend). */
export function isLeaf(node: CartNode): boolean {
  return !(node.left && node.right);
}

/** A classifier leaf's class frequencies as a flat array (ml-matrix row vector or JSON). */
export function leafDistribution(leaf: CartNode): number[] {
  const { distribution } = leaf;
  const rows =
    typeof distribution === 'object' && distribution !== null && typeof (distribution as MatrixLike).to2DArray === 'function'
      ? (distribution as MatrixLike).to2DArray()
      : distribution;
  const flat = Array.isArray(rows) ? (Array.isArray(rows[0]) ? (rows[0] as number[]) : (rows as number[])) : undefined;
  if (flat === undefined || flat.length === 0 || !flat.every((value) => Number.isFinite(value))) {
    throw invalidModel('tree leaf distribution', 'is not a non-empty row of class frequencies');
  }
  return flat;
}

/** A regression leaf's value. */
export function leafValue(leaf: CartNode): number {
  if (typeof leaf.distribution !== 'number' || !Number.isFinite(leaf.distribution)) {
    throw invalidModel('tree leaf value', 'is not a finite number (is this a classification tree?)');
  }
  return leaf.distribution;
}

/** The class ml-cart predicts at a leaf: the first index of the largest frequency. */
export function leafClass(leaf: CartNode): number {
  const distribution = leafDistribution(leaf);
  let best = 0;
  for (let index = 1; index < distribution.length; index++) if (distribution[index]! > distribution[best]!) best = index;
  return best;
}

/** Visits every leaf of a tree (iteratively: unbounded trees can be deep). */
export function forEachLeaf(root: CartNode, visit: (leaf: CartNode) => void): void {
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isLeaf(node)) visit(node);
    else stack.push(node.right!, node.left!);
  }
}

/**
 * The smallest float32 ≥ `value`. The ensemble compares float32 inputs with float32
 * thresholds; for any float32 x, `x < value` ⇔ `x < roundUpToFloat32(value)`, so rounding
 * the library's float64 split values up (not to nearest) keeps every split exact.
 */
export function roundUpToFloat32(value: number): number {
  const rounded = Math.fround(value);
  if (rounded >= value || Number.isNaN(value)) return rounded;
  if (rounded === 0) return 2 ** -149;
  const bits = new Float32Array([rounded]);
  const integer = new Uint32Array(bits.buffer);
  // Positive: the next representable magnitude up; negative: one step towards zero.
  integer[0] = rounded > 0 ? integer[0]! + 1 : integer[0]! - 1;
  return bits[0]!;
}

/** Collects trees as ai.onnx.ml TreeEnsembleRegressor (opset 3) node and target arrays. */
export class TreeEnsembleAttributes {
  private readonly nodeTreeIds: number[] = [];
  private readonly nodeIds: number[] = [];
  private readonly featureIds: number[] = [];
  private readonly modes: string[] = [];
  private readonly values: number[] = [];
  private readonly trueNodeIds: number[] = [];
  private readonly falseNodeIds: number[] = [];
  private readonly targetTreeIds: number[] = [];
  private readonly targetNodeIds: number[] = [];
  private readonly targetIds: number[] = [];
  private readonly targetWeights: number[] = [];
  private treeCount = 0;
  /** The largest input column any split reads. */
  maxFeature = -1;

  /** Adds one tree; node ids are assigned in pre-order from 0. */
  addTree(tree: TreeToAdd): void {
    const treeId = this.treeCount++;
    let nextId = 0;
    const stack: { node: CartNode; id: number }[] = [{ node: tree.root, id: nextId++ }];
    while (stack.length > 0) {
      const { node, id } = stack.pop()!;
      this.nodeTreeIds.push(treeId);
      this.nodeIds.push(id);
      if (isLeaf(node)) {
        this.pushNode('LEAF', 0, 0, 0, 0);
        for (const [target, weight] of tree.leafWeights(node)) {
          this.targetTreeIds.push(treeId);
          this.targetNodeIds.push(id);
          this.targetIds.push(target);
          this.targetWeights.push(weight);
        }
        continue;
      }
      if (!Number.isInteger(node.splitColumn) || typeof node.splitValue !== 'number' || Number.isNaN(node.splitValue)) {
        throw invalidModel('tree', 'has a split without a column or value');
      }
      const feature = tree.featureOf(node.splitColumn!);
      if (!Number.isInteger(feature) || feature < 0) throw invalidModel('tree', `splits on an unknown column ${node.splitColumn}`);
      this.maxFeature = Math.max(this.maxFeature, feature);
      const leftId = nextId++;
      const rightId = nextId++;
      // BRANCH_LT: true (x < threshold) goes left, as ml-cart's `row[column] < splitValue` does.
      this.pushNode('BRANCH_LT', feature, roundUpToFloat32(node.splitValue!), leftId, rightId);
      stack.push({ node: node.right!, id: rightId }, { node: node.left!, id: leftId });
    }
  }

  /**
   * Adds a TreeEnsembleRegressor node (float32 [N, F] in, float32 [N, targetCount] out).
   * @param aggregate - 'SUM' or 'AVERAGE' across trees.
   */
  addNode(graph: OnnxGraphBuilder, input: string, output: string, targetCount: number, aggregate: 'SUM' | 'AVERAGE'): void {
    graph.node(
      'TreeEnsembleRegressor',
      [input],
      [output],
      {
        aggregate_function: attribute.string(aggregate),
        n_targets: attribute.int(targetCount),
        post_transform: attribute.string('NONE'),
        nodes_treeids: attribute.ints(this.nodeTreeIds),
        nodes_nodeids: attribute.ints(this.nodeIds),
        nodes_featureids: attribute.ints(this.featureIds),
        nodes_modes: attribute.strings(this.modes),
        nodes_values: attribute.floats(this.values),
        nodes_truenodeids: attribute.ints(this.trueNodeIds),
        nodes_falsenodeids: attribute.ints(this.falseNodeIds),
        // NaN fails `x < threshold` in ml-cart and goes right: the false branch.
        nodes_missing_value_tracks_true: attribute.ints(this.nodeIds.map(() => 0)),
        target_treeids: attribute.ints(this.targetTreeIds),
        target_nodeids: attribute.ints(this.targetNodeIds),
        target_ids: attribute.ints(this.targetIds),
        target_weights: attribute.floats(this.targetWeights),
      },
      ML_DOMAIN,
    );
  }

  private pushNode(mode: string, feature: number, value: number, trueId: number, falseId: number): void {
    this.modes.push(mode);
    this.featureIds.push(feature);
    this.values.push(value);
    this.trueNodeIds.push(trueId);
    this.falseNodeIds.push(falseId);
  }
}
