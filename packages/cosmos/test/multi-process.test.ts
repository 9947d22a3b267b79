import { inject, describe, expect, it } from 'vitest';
import { expectOneAliasHolder, prepareAliasRace } from '@mlops-ts/provider-tests';
import { CosmosMetadataStore } from '../src/index.js';
import { dropDatabase, localCosmosOptions, uniqueDatabaseId } from './support/local-cosmos.js';
import { runWorkersTogether } from './support/worker-processes.js';

const workers = 8;
const pointsPerWorker = 10_000;
const registrationsPerWorker = 10;
const pointsPerBatch = 100;

interface WorkerResult {
  runId: string;
  versions: number[];
  loggingMs: number;
  totalMs: number;
}

// On the local server a transactional batch is not atomic, but it stops at the first
// failing operation. The store puts the only operation that can fail under contention (the
// ETag-conditioned replace of the run item or of the version counter) first, so a lost race
// writes nothing there either: this test holds on the local server and on Azure.
describe('8 processes writing to one Cosmos DB database at once', () => {
  it(`${workers} processes each logging ${pointsPerWorker.toLocaleString('en')} metric points and registering ${registrationsPerWorker} versions of one registered model lose nothing and share versions 1..${workers * registrationsPerWorker}`, async () => {
    const databaseId = uniqueDatabaseId('multi-process');
    // Create the database and containers once, so the workers measure logging, not set-up.
    const setup = new CosmosMetadataStore(localCosmosOptions({ databaseId }));
    await setup.connect();
    await setup.close();
    try {
      const results = await runWorkersTogether<WorkerResult>(workers, (index) => [
        inject('cosmosEndpoint'),
        databaseId,
        String(index),
        String(pointsPerWorker),
        String(registrationsPerWorker),
        String(pointsPerBatch),
      ]);

      const store = new CosmosMetadataStore(localCosmosOptions({ databaseId }));
      await store.connect();
      try {
        const experiments = await store.listExperiments();
        expect(experiments.map((experiment) => experiment.name)).toEqual(['shared']);
        const steps = Array.from({ length: pointsPerWorker }, (_, step) => step);
        for (const { runId } of results) {
          const history = await store.getMetricHistory(runId, 'loss');
          expect(history.map((point) => point.step)).toEqual(steps);
          expect(history.every((point) => point.value === point.step)).toBe(true);
          expect((await store.getRun(runId))?.metrics).toEqual({ loss: pointsPerWorker - 1 });
        }
        const expectedVersions = Array.from({ length: workers * registrationsPerWorker }, (_, index) => index + 1);
        const registeredModel = await store.getRegisteredModelByName('shared');
        expect((await store.listModelVersions(registeredModel!.id)).map((model) => model.version)).toEqual(expectedVersions);
        expect(results.flatMap((result) => result.versions).sort((a, b) => a - b)).toEqual(expectedVersions);
        expect(await store.listRuns(experiments[0]!.id)).toHaveLength(workers);
      } finally {
        await store.close();
      }

      const pointsPerSecond = (workers * pointsPerWorker) / (Math.max(...results.map((result) => result.totalMs)) / 1_000);
      console.info(
        `[cosmos multi-process] ${workers} writers x ${pointsPerWorker} points in batches of ${pointsPerBatch} + ${registrationsPerWorker} registrations: ` +
          `${Math.round(pointsPerSecond)} points/s overall, slowest writer ${Math.round(Math.max(...results.map((result) => result.totalMs)))} ms`,
      );
    } finally {
      await dropDatabase(databaseId);
    }
  }, 300_000);

  it(`${workers} processes moving one alias to their own versions at the same moment leave it on exactly one version`, async () => {
    const databaseId = uniqueDatabaseId('alias-race');
    const store = new CosmosMetadataStore(localCosmosOptions({ databaseId }));
    await store.connect();
    try {
      const racers = await prepareAliasRace(store, workers);
      const results = await runWorkersTogether<{ moves: number }>(workers, (index) => ['alias', inject('cosmosEndpoint'), databaseId, ...racers[index]!]);
      expect(results.every((result) => result.moves > 0)).toBe(true);
      await expectOneAliasHolder(store, racers[0]![0], racers.map(([, versionId]) => versionId));
    } finally {
      await store.close();
      await dropDatabase(databaseId);
    }
  }, 300_000);
});
