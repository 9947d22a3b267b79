import type { Readable } from 'node:stream';
import type { TensorSpec } from '../entities.js';

/**
 * Reads a model file's input and output signature, so `model.upload` records the run's
 * model schema without the user calling `registerModelSchema`. Packages that understand a
 * format (e.g. `@mlops-ts/onnx` for `.onnx`) register one when imported.
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

const readers = new Set<ModelSchemaReader>();

/** Makes `model.upload` read and record the signature of files `reader` understands. Idempotent. */
export function registerModelSchemaReader(reader: ModelSchemaReader): void {
  readers.add(reader);
}

/** The registered reader for an artifact name, if any (the latest registered wins). */
export function findModelSchemaReader(artifactName: string): ModelSchemaReader | undefined {
  return [...readers].reverse().find((reader) => reader.canRead(artifactName));
}
