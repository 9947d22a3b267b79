import { MLOpsError } from '@mlops-ts/core';
import { expect } from 'vitest';
import type { ConcernSuite } from '../harness.js';
import { uploadModel } from './registry.js';

const writers = 8;

/** Concurrency: unique versions, idempotent creation by name, no lost writes. */
export const concurrencySuite: ConcernSuite = (kit) => {
  const concurrent = { capability: 'concurrent-writes' };

  kit.test(
    `registerModel gives unique versions 1..${writers} under ${writers} concurrent writers`,
    async () => {
      const artifacts = [];
      for (let index = 0; index < writers; index++) artifacts.push(await uploadModel(kit.mlops, 'iris', `model ${index}`));
      const registered = await Promise.all(artifacts.map((artifact, index) => kit.mlops.model.registerModel('iris', artifact.id, `writer ${index}`)));
      expect(registered.map((model) => model.version).sort((a, b) => a - b)).toEqual(Array.from({ length: writers }, (_, index) => index + 1));
      expect(new Set(registered.map((model) => model.id)).size).toBe(writers);
      expect((await kit.mlops.model.getRegisteredModels('iris')).map((model) => model.version)).toEqual(
        Array.from({ length: writers }, (_, index) => index + 1),
      );
      expect((await kit.mlops.model.getLatestRegisteredModel('iris')).version).toBe(writers);
    },
    concurrent,
  );

  kit.test(
    'concurrent createExperiment calls with one name return one experiment',
    async () => {
      const created = await Promise.all(Array.from({ length: writers }, () => kit.mlops.lifecycle.createExperiment('shared')));
      expect(new Set(created.map((experiment) => experiment.id)).size).toBe(1);
      expect(await kit.mlops.lifecycle.getExperiments()).toHaveLength(1);
    },
    concurrent,
  );

  kit.test(
    'concurrent createRun calls on a new experiment name put every run in one experiment',
    async () => {
      const runs = await Promise.all(Array.from({ length: writers }, () => kit.mlops.lifecycle.createRun('fresh')));
      expect(new Set(runs.map((run) => run.experimentId)).size).toBe(1);
      expect(await kit.mlops.lifecycle.getRuns('fresh')).toHaveLength(writers);
      expect(await kit.mlops.lifecycle.getExperiments()).toHaveLength(1);
    },
    concurrent,
  );

  kit.test(
    'concurrent createDeploymentTarget calls with one name return one target',
    async () => {
      const created = await Promise.all(Array.from({ length: writers }, () => kit.mlops.deployment.createDeploymentTarget('Production', { isProduction: true })));
      expect(new Set(created.map((target) => target.id)).size).toBe(1);
      expect(await kit.mlops.deployment.getDeploymentTargets()).toHaveLength(1);
    },
    concurrent,
  );

  kit.test(
    'concurrent writers of one hyper-parameter with different values: exactly one wins, the others get CONFLICT',
    async () => {
      const run = await kit.mlops.lifecycle.createRun('iris');
      const outcomes = await Promise.allSettled(Array.from({ length: writers }, (_, index) => kit.mlops.training.logHyperParameter(run.id, 'seed', index)));
      const winners = outcomes.flatMap((outcome, index) => (outcome.status === 'fulfilled' ? [index] : []));
      expect(winners).toHaveLength(1);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') expect(MLOpsError.hasCode(outcome.reason, 'CONFLICT'), String(outcome.reason)).toBe(true);
      }
      expect((await kit.mlops.lifecycle.getRun(run.id)).params).toEqual({ seed: String(winners[0]) });
    },
    concurrent,
  );

  kit.test(
    'concurrent writers of one hyper-parameter with the same value all succeed',
    async () => {
      const run = await kit.mlops.lifecycle.createRun('iris');
      await Promise.all(Array.from({ length: writers }, () => kit.mlops.training.logHyperParameter(run.id, 'seed', 42)));
      expect((await kit.mlops.lifecycle.getRun(run.id)).params).toEqual({ seed: '42' });
    },
    concurrent,
  );

  kit.test(
    'concurrent metric writers on one run lose no point',
    async () => {
      const run = await kit.mlops.lifecycle.createRun('iris');
      const perWriter = 50;
      await Promise.all(
        Array.from({ length: writers }, async (_, writer) => {
          for (let index = 0; index < perWriter; index++) {
            await kit.mlops.evaluation.logMetric(run.id, 'loss', writer + index / 1_000, { step: writer * perWriter + index });
          }
        }),
      );
      const history = await kit.mlops.evaluation.getMetricHistory(run.id, 'loss');
      expect(history).toHaveLength(writers * perWriter);
      expect(history.map((point) => point.step)).toEqual(Array.from({ length: writers * perWriter }, (_, step) => step));
      expect(await kit.mlops.evaluation.getMetrics(run.id)).toEqual({ loss: writers - 1 + (perWriter - 1) / 1_000 });
    },
    concurrent,
  );

  kit.test(
    'concurrent tag writers on one run keep every tag',
    async () => {
      const run = await kit.mlops.lifecycle.createRun('iris');
      await Promise.all(Array.from({ length: writers }, (_, index) => kit.mlops.lifecycle.setTags(run.id, { [`tag${index}`]: String(index) })));
      expect(Object.keys((await kit.mlops.lifecycle.getRun(run.id)).tags).sort()).toEqual(Array.from({ length: writers }, (_, index) => `tag${index}`).sort());
    },
    concurrent,
  );
};
