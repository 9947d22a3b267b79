import type { Readable } from 'node:stream';
import type { TensorSpec } from '../spec/v1/index.js';
import { MLOpsError } from '../errors.js';

/**
 * Reads a model file's input and output signature, so `model.upload` records the run's
 * model schema without the user calling `registerModelSchema`. A context uses the readers
 * its builder was given (`useModelSchemaReader(reader)`, or a package's sugar such as
 * `useOnnx()` from `@mlops-ts/onnx`); another context in the same process is not affected.
 */
export interface ModelSchemaReader {
  /** Names the reader in errors, e.g. 'onnx'. */
  readonly format: string;
  /** True when this reader understands the artifact, judged by its name (e.g. ends with '.onnx'). */
  canRead(artifactName: string): boolean;
  /**
   * Reads the signature from the stored file. Throws when the file is not a valid model of
   * the format; the upload is then refused and nothing is kept.
   */
  read(open: () => Promise<Readable>, artifact: { name: string; sizeBytes: number }): Promise<{ inputs: TensorSpec[]; outputs: TensorSpec[] }>;
}

/** Checks that `reader` has the members of a {@link ModelSchemaReader} before a builder keeps it. */
export function validateModelSchemaReader(reader: ModelSchemaReader): ModelSchemaReader {
  const candidate = reader as Partial<ModelSchemaReader> | null | undefined;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.format !== 'string' ||
    typeof candidate.canRead !== 'function' ||
    typeof candidate.read !== 'function'
  ) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `The model schema reader ${candidate === null || typeof candidate !== 'object' ? String(candidate) : `'${String(candidate.format)}'`} lacks format, canRead or read. Pass an object with a format name and canRead(name) and read(open) functions.`,
    );
  }
  return reader;
}

/** The reader among `readers` for an artifact name, if any (the latest added wins). */
export function findModelSchemaReader(readers: readonly ModelSchemaReader[], artifactName: string): ModelSchemaReader | undefined {
  return readers.findLast((reader) => reader.canRead(artifactName));
}
