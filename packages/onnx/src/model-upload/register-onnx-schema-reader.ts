// Side effect of importing @mlops-ts/onnx: `model.upload(runId, 'model.onnx')` records the
// model's signature as the run's schema (package.json lists this file under sideEffects).
import { registerModelSchemaReader } from '@mlops-ts/core';

import { onnxModelSchemaReader } from './onnx-schema-reader.js';

registerModelSchemaReader(onnxModelSchemaReader);
