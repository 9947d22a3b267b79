import type { ModelSchemaReader } from '@mlops-ts/core';

import { readOnnxSignatureFromStream } from '../signature/read-onnx-signature-from-stream.js';

/**
 * Teaches `model.upload` to read an `.onnx` file's inputs and outputs and record them as
 * the run's model schema; a file that is not ONNX is refused and not kept. The stored file
 * is streamed, never loaded whole. A context gets it from `useOnnx()` (or
 * `useModelSchemaReader(onnxModelSchemaReader)`).
 */
export const onnxModelSchemaReader: ModelSchemaReader = {
  format: 'onnx',
  canRead: (artifactName) => artifactName.toLowerCase().endsWith('.onnx'),
  read: async (open) => readOnnxSignatureFromStream(await open()),
};
