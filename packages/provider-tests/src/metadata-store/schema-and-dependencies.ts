import { expect } from 'vitest';
import type { ConcernSuite } from '../harness.js';
import { expectMLOpsError } from '../helpers.js';

const unknownRunId = '01900000-0000-7000-8000-00000000dead';

const schema = {
  inputs: [{ name: 'features', elementType: 'float32', shape: [null, 4] }],
  outputs: [
    { name: 'label', elementType: 'int64', shape: ['batch'] },
    { name: 'probabilities', elementType: 'float32', shape: ['batch', 3] },
  ],
};

/** Model schemas (tensor specs with symbolic dimensions) and package dependencies. */
export const schemaAndDependenciesSuite: ConcernSuite = (kit) => {
  kit.test('registerModelSchema stores inputs and outputs, symbolic and unknown dimensions included', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const registered = await kit.mlops.lifecycle.registerModelSchema(run.id, schema);
    expect(registered).toEqual({ runId: run.id, ...schema });
    expect(await kit.mlops.lifecycle.getModelSchema(run.id)).toEqual({ runId: run.id, ...schema });
  });

  kit.test('registerModelSchema takes -1 for a variable dimension, as MLflow and TensorFlow write it, and stores it as null', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const registered = await kit.mlops.lifecycle.registerModelSchema(run.id, { inputs: [{ name: 'x', elementType: 'float32', shape: [-1, 4] }], outputs: [] });
    expect(registered.inputs[0]!.shape).toEqual([null, 4]);
    expect((await kit.mlops.lifecycle.getModelSchema(run.id)).inputs[0]!.shape).toEqual([null, 4]);
    await expectMLOpsError(kit.mlops.lifecycle.registerModelSchema(run.id, { inputs: [{ name: 'x', elementType: 'float32', shape: [-2] }], outputs: [] }), 'INVALID_ARGUMENT');
  });

  kit.test('registering a model schema again replaces it', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.lifecycle.registerModelSchema(run.id, schema);
    const replacement = { inputs: [{ name: 'text', elementType: 'string', shape: [1] }], outputs: [] };
    await kit.mlops.lifecycle.registerModelSchema(run.id, replacement);
    expect(await kit.mlops.lifecycle.getModelSchema(run.id)).toEqual({ runId: run.id, ...replacement });
  });

  kit.test('getModelSchema throws NOT_FOUND when the run has none', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await expectMLOpsError(kit.mlops.lifecycle.getModelSchema(run.id), 'NOT_FOUND');
  });

  kit.test('logPackageDependencies stores a name-to-version record, listed by name', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const logged = await kit.mlops.lifecycle.logPackageDependencies(run.id, { 'onnxruntime-node': '1.30.0', '@mlops-ts/core': '0.1.0', zod: '3.23.8' });
    const expected = [
      { runId: run.id, name: '@mlops-ts/core', version: '0.1.0' },
      { runId: run.id, name: 'onnxruntime-node', version: '1.30.0' },
      { runId: run.id, name: 'zod', version: '3.23.8' },
    ];
    expect([...logged].sort((a, b) => (a.name < b.name ? -1 : 1))).toEqual(expected);
    expect(await kit.mlops.lifecycle.getPackageDependencies(run.id)).toEqual(expected);
  });

  kit.test('logPackageDependencies accepts a list and replaces what was stored', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.lifecycle.logPackageDependencies(run.id, { old: '1.0.0' });
    await kit.mlops.lifecycle.logPackageDependencies(run.id, [{ name: 'new', version: '2.0.0' }]);
    expect(await kit.mlops.lifecycle.getPackageDependencies(run.id)).toEqual([{ runId: run.id, name: 'new', version: '2.0.0' }]);
  });

  kit.test('logPackageDependencies without a list reads the nearest package.json and the installed versions', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const logged = await kit.mlops.lifecycle.logPackageDependencies(run.id);
    expect(logged.length).toBeGreaterThan(0);
    for (const dependency of logged) {
      expect(dependency.runId).toBe(run.id);
      expect(dependency.name.length).toBeGreaterThan(0);
      expect(dependency.version.length).toBeGreaterThan(0);
    }
    expect((await kit.mlops.lifecycle.getPackageDependencies(run.id)).map((dependency) => dependency.name).sort()).toEqual(
      logged.map((dependency) => dependency.name).sort(),
    );
  });

  kit.test('getPackageDependencies is empty for a run without dependencies', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    expect(await kit.mlops.lifecycle.getPackageDependencies(run.id)).toEqual([]);
  });

  kit.test('schema and dependency calls on an unknown run throw NOT_FOUND', async () => {
    await expectMLOpsError(kit.mlops.lifecycle.registerModelSchema(unknownRunId, schema), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.lifecycle.getModelSchema(unknownRunId), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.lifecycle.logPackageDependencies(unknownRunId, { a: '1' }), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.lifecycle.getPackageDependencies(unknownRunId), 'NOT_FOUND');
  });
};
