import { buffer } from 'node:stream/consumers';
import type { ModelSchemaReader } from '@mlops-ts/core';

import { readOnnxSignature } from '../signature/read-onnx-signature.js';

/**
 * Teaches `model.upload` to read an `.onnx` file's inputs and outputs and record them as
 * the run's model schema; a file that is not ONNX is refused and not kept. Registered when
 * `@mlops-ts/onnx` is imported.
 */
export const onnxModelSchemaReader: ModelSchemaReader = {
  format: 'onnx',
  canRead: (artifactName) => artifactName.toLowerCase().endsWith('.onnx'),
  read: async (open) => readOnnxSignature(await buffer(await open())),
};
