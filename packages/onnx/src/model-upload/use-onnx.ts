// The builder method this package adds when imported, as every provider package does.
// Only the method is added: what it does applies to the context built with it.
import { extendBuilder, type MLOpsBuilder } from '@mlops-ts/core';

import { onnxModelSchemaReader } from './onnx-schema-reader.js';

declare module '@mlops-ts/core' {
  interface MLOpsBuilder {
    /**
     * Makes this context's `model.upload(runId, 'model.onnx')` read the model's inputs and
     * outputs (names, element types, shapes) and record them as the run's model schema, and
     * refuse (and not keep) an `.onnx` file that is not ONNX. The stored model is streamed,
     * never loaded whole. Calling it twice changes nothing.
     *
     * @example
     * import { MLOpsBuilder } from '@mlops-ts/core';
     * import '@mlops-ts/onnx';
     * await using mlops = await new MLOpsBuilder().useSQLite('mlops.db').useOnnx().build();
     */
    useOnnx(): this;
  }
}

extendBuilder('useOnnx', function useOnnx(this: MLOpsBuilder) {
  return this.useModelSchemaReader(onnxModelSchemaReader);
});
