/** One input or output tensor of a model. */
export interface TensorSpec {
  /** The tensor's name in the model. */
  name: string;
  /** e.g. 'float32', 'int64', 'string'. */
  elementType: string;
  /** Dimensions; a string or null marks a symbolic/unknown dimension (-1 given to `registerModelSchema` is stored as null). */
  shape: (number | string | null)[];
}

/** The inputs and outputs of the model a run produced. */
export interface ModelSchema {
  /** The run (its id). */
  runId: string;
  /** Input tensors, in the model's order. */
  inputs: TensorSpec[];
  /** Output tensors, in the model's order. */
  outputs: TensorSpec[];
}
