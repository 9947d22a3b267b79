import {
  deploymentKey,
  modelDeploymentFolder,
  moveFirstReleaseDeployments,
  registeredModelNameOfExperiment,
  repositoryLayoutMarkerKey,
} from '@mlops-ts/core';
import { expect } from 'vitest';
import { newDeploymentRecord, newRegisteredModelRecord } from '../fixtures.js';
import type { ConcernSuite, SuiteKit } from '../harness.js';
import { listKeys, patternBytes, readAll, sha256, streamOf } from '../helpers.js';

/** Experiment and target names whose first-release keys hold encoded characters. */
const firstReleaseNames = [
  { experiment: 'iris', target: 'Production' },
  { experiment: 'team/fraud@v2', target: 'Stage (eu)' },
  { experiment: 'modèle ü 🚀', target: 'a+b=c&d' },
];

/**
 * Leaves a deployment as the first release and the store's upgrade left it: the registered
 * model named after the experiment with the experiment's id, a deployment record whose URI
 * is the old key's, and the copy under `deployments/<experiment>/<target>/`, beside a file an
 * earlier deployment of another artifact name left there.
 */
async function firstReleaseDeployment(kit: SuiteKit, experimentName: string, targetName: string, seed: number) {
  const bytes = patternBytes(40_000 + seed, seed);
  const experiment = await kit.mlops.lifecycle.createExperiment(experimentName);
  await kit.store.createRegisteredModel(newRegisteredModelRecord({ id: experiment.id, name: registeredModelNameOfExperiment(experimentName) }));
  const run = await kit.mlops.lifecycle.createRun(experiment.id);
  const artifact = await kit.mlops.model.upload(run.id, bytes, { name: 'model.bin' });
  const version = await kit.mlops.model.registerModel(experiment.id, artifact.id, 'ada');
  const target = await kit.mlops.deployment.createDeploymentTarget(targetName);
  const oldKey = deploymentKey(experimentName, targetName, 'model.bin');
  await kit.repository.put(oldKey, streamOf(bytes), { sizeBytes: bytes.length });
  await kit.repository.put(deploymentKey(experimentName, targetName, 'earlier.onnx'), streamOf(Buffer.from('an earlier deployment')));
  await kit.store.createDeployment(
    newDeploymentRecord({ deploymentTargetId: target.id, registeredModelId: experiment.id, modelVersionId: version.id, uri: kit.repository.uri(oldKey) }),
  );
  return { experiment, target, oldKey, key: `${modelDeploymentFolder(experiment.id, target.id)}model.bin`, sha256: sha256(bytes) };
}

/**
 * `build()` moves the deployed copies the first release kept under experiment and target
 * names to id-based keys (`moveFirstReleaseDeployments`): on every repository, with names
 * that encode to `%` sequences, run twice at once, and checked once done by one marker key.
 */
export const firstReleaseLayoutSuite: ConcernSuite = (kit) => {
  kit.test("the first release's deployed copies move to id-based keys, read back by name, also when two moves run at once", async () => {
    // build() marked this new repository as moved already: take the marker away to move again.
    expect(await kit.repository.exists(repositoryLayoutMarkerKey)).toBe(true);
    const deployments = [];
    for (const [index, names] of firstReleaseNames.entries()) deployments.push({ ...names, ...(await firstReleaseDeployment(kit, names.experiment, names.target, index + 1)) });
    await kit.repository.delete(repositoryLayoutMarkerKey);

    const [one, other] = await Promise.all([moveFirstReleaseDeployments(kit.store, kit.repository), moveFirstReleaseDeployments(kit.store, kit.repository)]);
    expect([one.outcome, other.outcome]).toEqual(['moved', 'moved']);
    expect(one.moved + other.moved).toBeGreaterThanOrEqual(deployments.length);

    expect(await listKeys(kit.repository, 'deployments/')).toEqual(deployments.map((deployment) => deployment.key).sort());
    expect(await kit.repository.exists(repositoryLayoutMarkerKey)).toBe(true);
    for (const { experiment, target, key, oldKey } of deployments) {
      expect(sha256(await readAll(await kit.mlops.deployment.openDeployedModel(registeredModelNameOfExperiment(experiment.name), target.name)))).toBe(
        deployments.find((deployment) => deployment.key === key)!.sha256,
      );
      expect(await kit.mlops.deployment.getDeploymentUri(experiment.name, target.name)).toBe(kit.repository.uri(key));
      // The history keeps the URI recorded at the time.
      expect((await kit.mlops.deployment.getCurrentDeployment(experiment.id, target.id)).uri).toBe(kit.repository.uri(oldKey));
    }
    // Renaming an experiment afterwards moves nothing and finds the same copy.
    await kit.mlops.lifecycle.renameExperiment(deployments[1]!.experiment.id, 'renamed');
    expect(sha256(await readAll(await kit.mlops.deployment.openDeployedModel(deployments[1]!.experiment.id, deployments[1]!.target.id)))).toBe(deployments[1]!.sha256);
    expect(await moveFirstReleaseDeployments(kit.store, kit.repository)).toEqual({ outcome: 'done-before', moved: 0, removed: 0 });
  });
};
