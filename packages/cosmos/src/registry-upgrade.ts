import type { Container, Database } from '@azure/cosmos';
import { registeredModelNamesOfExperiments, type Tags } from '@mlops-ts/core';
import { cosmosStatusOf, translateCosmosError } from './cosmos-errors.js';
import { createItem, deleteItem, queryAll } from './item-access.js';
import type { DeploymentItem, ModelVersionItem, RegisteredModelItem } from './model-registry-items.js';
import type { RegisteredModelRecords } from './registered-model-records.js';

/** A version as the first release kept it: numbered per experiment, in the `registry` container. */
interface LegacyVersionItem {
  id: string;
  type: 'registered-model';
  experimentId: string;
  runId: string;
  runArtifactId: string;
  version: number;
  registeredBy: string;
  registeredAt: number;
  description?: string | null;
  tags?: Tags;
}

/** A deployment as the first release kept it: of a version (`registeredModelId`) of an experiment. */
interface LegacyDeploymentItem {
  id: string;
  type: 'deployment';
  experimentId: string;
  deploymentTargetId: string;
  registeredModelId: string;
  deployedBy: string;
  deployedAt: number;
  uri: string;
}

interface LegacyCounterItem {
  id: string;
  type: 'model-version-counter';
  experimentId: string;
  lastVersion: number;
}

type LegacyItem = LegacyVersionItem | LegacyDeploymentItem | LegacyCounterItem;

/** What the upgrade reads elsewhere in the store. */
export interface UpgradeSources {
  /** The experiment's name and creation time, or null when it is gone. */
  experiment(id: string): Promise<{ id: string; name: string; createdAt: number } | null>;
  /** The name of a run artifact (a version's artifact path). */
  artifactName(runArtifactId: string, runId: string): Promise<string | null>;
}

/**
 * Upgrades a store written by the first release, on connect: the `registry` container
 * (partitioned by `/experimentId`) held each experiment's versions, version counter and
 * deployments. Each experiment's versions become the registered model named after it (as
 * `registeredModelNamesOfExperiments` escapes it), which takes the experiment's id; version
 * ids and numbers, and deployment ids, stay. Every write is a create of a fixed id (a
 * second process or a second run gets 409 and moves on) and the old items are deleted
 * last, so an upgrade interrupted half-way, or run by two processes at once, finishes
 * the same. The emptied `registry` container is left in place; delete it when no process
 * of the first release uses the database any more.
 *
 * @returns how many old items were moved.
 */
export async function upgradeLegacyRegistry(database: Database, legacyContainerId: string, models: Container, records: RegisteredModelRecords, sources: UpgradeSources): Promise<number> {
  const legacy = database.container(legacyContainerId);
  try {
    await legacy.read();
  } catch (error) {
    if (cosmosStatusOf(error) === 404) return 0;
    throw translateCosmosError(error, `Opening the container '${legacyContainerId}' of the first release`);
  }
  const items = await queryAll<LegacyItem>(
    legacy,
    { query: 'SELECT * FROM c WHERE c.type IN (@version, @deployment, @counter)', parameters: [{ name: '@version', value: 'registered-model' }, { name: '@deployment', value: 'deployment' }, { name: '@counter', value: 'model-version-counter' }] },
    'the registry of the first release',
  );
  if (items.length === 0) return 0;
  const experimentIds = [...new Set(items.map((item) => item.experimentId))];
  const experiments = (await Promise.all(experimentIds.map((id) => sources.experiment(id)))).filter((found) => found !== null);
  experiments.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const names = registeredModelNamesOfExperiments(experiments);
  for (const experiment of experiments) {
    const own = items.filter((item) => item.experimentId === experiment.id);
    const versions = own.filter((item): item is LegacyVersionItem => item.type === 'registered-model');
    const counter = own.find((item): item is LegacyCounterItem => item.type === 'model-version-counter');
    const times = versions.map((version) => version.registeredAt);
    const record: RegisteredModelItem = {
      id: experiment.id,
      registeredModelId: experiment.id,
      type: 'registered-model',
      name: names.get(experiment.id)!,
      description: null,
      tags: {},
      createdAt: times.length > 0 ? Math.min(...times) : experiment.createdAt,
      updatedAt: times.length > 0 ? Math.max(...times) : experiment.createdAt,
      nextVersion: Math.max(counter?.lastVersion ?? 0, ...versions.map((version) => version.version)) + 1,
      aliases: {},
    };
    // The record first, then its name: a claim always points at a record that exists.
    await createItem(models, record, `registered model '${record.name}'`);
    await claimName(records, record.name, experiment.id);
    for (const version of versions) {
      const item: ModelVersionItem = {
        id: version.id,
        type: 'model-version',
        registeredModelId: experiment.id,
        version: version.version,
        runId: version.runId,
        runArtifactId: version.runArtifactId,
        artifactPath: (await sources.artifactName(version.runArtifactId, version.runId)) ?? version.runArtifactId,
        registeredBy: version.registeredBy,
        registeredAt: version.registeredAt,
        description: version.description ?? null,
        tags: { ...(version.tags ?? {}) },
      };
      await createItem(models, item, `model version '${version.id}'`);
    }
    for (const deployment of own.filter((item): item is LegacyDeploymentItem => item.type === 'deployment')) {
      const item: DeploymentItem = {
        id: deployment.id,
        type: 'deployment',
        deploymentTargetId: deployment.deploymentTargetId,
        registeredModelId: experiment.id,
        modelVersionId: deployment.registeredModelId,
        deployedBy: deployment.deployedBy,
        deployedAt: deployment.deployedAt,
        uri: deployment.uri,
      };
      await createItem(models, item, `deployment '${deployment.id}'`);
    }
  }
  const moved = new Set(experiments.map((experiment) => experiment.id));
  for (const item of items) if (moved.has(item.experimentId)) await deleteItem(legacy, item.id, item.experimentId, `the first release's ${item.type} '${item.id}'`);
  return items.length;
}

/** Claims `name` for the record `id`, or, when a registered model of another id holds it, the first free `name (2)`, `name (3)` … and renames the record to it. */
async function claimName(records: RegisteredModelRecords, name: string, id: string): Promise<void> {
  let candidate = name;
  for (let suffix = 2; (await records.claimName(candidate, id)) !== id; suffix++) candidate = `${name} (${suffix})`;
  if (candidate !== name) {
    await records.change(id, (item) => {
      item.name = candidate;
    });
  }
}
