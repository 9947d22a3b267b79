import { InMemoryMetadataStore } from '@mlops-ts/core';
import { describe, expect, it } from 'vitest';
import {
  newDataSetRecord,
  newDeploymentRecord,
  newDeploymentTargetRecord,
  newExperimentRecord,
  newMetricRecord,
  newModelVersionRecord,
  newRegisteredModelRecord,
  newRunArtifactRecord,
  newRunRecord,
} from '@mlops-ts/provider-tests';

const uuidV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('record fixtures', () => {
  it('build records a store accepts end to end, naming only the ids that link them', async () => {
    const store = new InMemoryMetadataStore();
    const experiment = await store.createExperiment(newExperimentRecord());
    const run = newRunRecord({ experimentId: experiment.id, name: 'baseline' });
    await store.createRun(run);
    await store.logMetrics([newMetricRecord({ runId: run.id, value: 0.5 })]);
    await store.saveDataSet(newDataSetRecord({ runId: run.id }));
    const artifact = newRunArtifactRecord({ runId: run.id });
    await store.createRunArtifact(artifact);
    const model = await store.createRegisteredModel(newRegisteredModelRecord());
    const registered = await store.createModelVersion(newModelVersionRecord({ registeredModelId: model.id, runId: run.id, runArtifactId: artifact.id }));
    const target = await store.createDeploymentTarget(newDeploymentTargetRecord({ isProduction: true }));
    await store.createDeployment(newDeploymentRecord({ deploymentTargetId: target.id, registeredModelId: model.id, modelVersionId: registered.id }));

    expect(await store.getRun(run.id)).toMatchObject({ name: 'baseline', status: 'running', endTime: null, metrics: { loss: 0.5 } });
    expect(registered).toMatchObject({ version: 1, modelName: model.name, aliases: [] });
    expect(await store.listDeployments({ registeredModelId: model.id })).toHaveLength(1);
  });

  it('give every record fresh UUID v7 ids and unique names', () => {
    const [first, second] = [newExperimentRecord(), newExperimentRecord()];
    expect(first.id).toMatch(uuidV7);
    expect(first.id).not.toBe(second.id);
    expect(first.name).not.toBe(second.name);
    expect(newDeploymentTargetRecord().name).not.toBe(newDeploymentTargetRecord().name);
    expect(newRunRecord({ gitCommit: 'abc' })).toMatchObject({ gitCommit: 'abc', parentRunId: null, tags: {} });
  });
});
