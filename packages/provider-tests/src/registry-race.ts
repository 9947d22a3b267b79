import type { MetadataStoreV1 } from '@mlops-ts/core';
import { expect } from 'vitest';
import { newExperimentRecord, newModelVersionRecord, newRegisteredModelRecord, newRunArtifactRecord, newRunRecord } from './fixtures.js';

/*
 * An alias raced by worker processes (see `runWorkersTogether`): a provider's multi-process
 * test prepares a registered model with one version per worker, each worker moves the
 * alias 'champion' to its own version over and over at the same moment as the others,
 * and afterwards exactly one version holds it. A store whose move is a read-then-write
 * leaves it on two versions, or loses it.
 */

/** The alias the workers race for. */
export const racedAlias = 'champion';

/**
 * Creates a registered model with `workers` versions on `store`.
 * @returns per worker, the arguments `raceAlias` takes: the registered model id and its version id.
 */
export async function prepareAliasRace(store: MetadataStoreV1, workers: number): Promise<[registeredModelId: string, modelVersionId: string][]> {
  const experiment = await store.createExperiment(newExperimentRecord({ name: 'alias-race' }));
  const run = newRunRecord({ experimentId: experiment.id });
  await store.createRun(run);
  const artifact = newRunArtifactRecord({ runId: run.id });
  await store.createRunArtifact(artifact);
  const model = await store.createRegisteredModel(newRegisteredModelRecord({ name: 'alias-race' }));
  const args: [string, string][] = [];
  for (let index = 0; index < workers; index++) {
    const version = await store.createModelVersion(newModelVersionRecord({ registeredModelId: model.id, runId: run.id, runArtifactId: artifact.id }));
    args.push([model.id, version.id]);
  }
  return args;
}

/** Worker side: points the alias at this worker's version `rounds` times, reading it back after each move. */
export async function raceAlias(store: MetadataStoreV1, registeredModelId: string, modelVersionId: string, rounds = 25): Promise<{ moves: number }> {
  for (let round = 0; round < rounds; round++) {
    await store.setModelAlias({ registeredModelId, alias: racedAlias, modelVersionId });
    // Between two moves the alias always names a version: never missing mid-move.
    if ((await store.getModelVersionByAlias(registeredModelId, racedAlias)) === null) throw new Error(`The alias '${racedAlias}' named no version after a move.`);
  }
  return { moves: rounds };
}

/** After the race: the alias points at one of the raced versions, and only that version lists it. */
export async function expectOneAliasHolder(store: MetadataStoreV1, registeredModelId: string, modelVersionIds: readonly string[]): Promise<void> {
  const holder = await store.getModelVersionByAlias(registeredModelId, racedAlias);
  expect(modelVersionIds).toContain(holder?.id);
  const listing = (await store.listModelVersions(registeredModelId)).filter((version) => version.aliases.includes(racedAlias));
  expect(listing.map((version) => version.id)).toEqual([holder!.id]);
}
