// Reads the built .d.ts files (package exports), so it proves that the augmentation and
// the export entry survive the build, as a user importing the published package sees them.
import { MLOpsBuilder, type ModelSchemaReader } from '@mlops-ts/core';
import '@mlops-ts/onnx';
import { onnxModelSchemaReader } from '@mlops-ts/onnx';
import { readOnnxSignature, readOnnxSignatureFromStream, toOnnx, type OnnxSignature } from '@mlops-ts/onnx/export';
import { describe, expectTypeOf, test } from 'vitest';

describe('useOnnx() builder augmentation', () => {
  test('useOnnx takes nothing and returns the builder', () => {
    expectTypeOf(new MLOpsBuilder().useOnnx()).toEqualTypeOf<MLOpsBuilder>();
    expectTypeOf(new MLOpsBuilder().useInMemoryMetadataStore().useOnnx().build).returns.resolves.toHaveProperty('model');
    // @ts-expect-error useOnnx has no options
    new MLOpsBuilder().useOnnx({ strict: true });
  });

  test('onnxModelSchemaReader is a model schema reader the builder accepts', () => {
    expectTypeOf(onnxModelSchemaReader).toEqualTypeOf<ModelSchemaReader>();
    expectTypeOf(new MLOpsBuilder().useModelSchemaReader).toBeCallableWith(onnxModelSchemaReader);
  });
});

describe('@mlops-ts/onnx/export', () => {
  test('exports bytes and reads signatures from bytes or streams', () => {
    expectTypeOf(toOnnx).returns.toEqualTypeOf<Uint8Array>();
    expectTypeOf(readOnnxSignature).returns.toEqualTypeOf<OnnxSignature>();
    expectTypeOf(readOnnxSignatureFromStream).returns.toEqualTypeOf<Promise<OnnxSignature>>();
    expectTypeOf(readOnnxSignatureFromStream).toBeCallableWith(new ReadableStream<Uint8Array>());
  });
});
