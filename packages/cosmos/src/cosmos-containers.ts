import type { Container, ContainerDefinition, CosmosClient, Database, IndexingPolicy } from '@azure/cosmos';
import { MLOpsError } from '@mlops-ts/core';
import { cosmosProviderId, cosmosStatusOf, translateCosmosError } from './cosmos-errors.js';
import type { ResolvedCosmosDbOptions } from './cosmos-options.js';

/** The store's three containers. */
export interface StoreContainers {
  /** Experiments and deployment targets with their name claims; partitioned by `/id`. */
  catalog: Container;
  /** Runs and everything scoped to one run; partitioned by `/runId`. */
  runs: Container;
  /** Registered models (with their version counters and aliases), versions and deployments; partitioned by `/registeredModelId`. */
  models: Container;
}

/**
 * Paths of the runs container that no query filters on: the point arrays of metric items
 * and the bodies of data sets, matrices and schemas. Leaving them out of the index makes
 * writing a metric batch cost request units for its size, not for every number in it.
 */
export const runsExcludedPaths = [
  '/steps/*',
  '/metricValues/*',
  '/timestamps/*',
  '/metricPositions/*',
  '/dataSet/*',
  '/matrix/*',
  '/schema/*',
  '/dependencies/*',
  '/"_etag"/?',
] as const;

/** Name suffix, partition key and indexing policy of each container. */
export const containerLayout: Record<keyof StoreContainers, { name: string; partitionKeyPath: string; indexingPolicy?: IndexingPolicy }> = {
  catalog: { name: 'catalog', partitionKeyPath: '/id' },
  runs: {
    name: 'runs',
    partitionKeyPath: '/runId',
    indexingPolicy: {
      indexingMode: 'consistent',
      automatic: true,
      includedPaths: [{ path: '/*' }],
      excludedPaths: runsExcludedPaths.map((path) => ({ path })),
    },
  },
  models: { name: 'models', partitionKeyPath: '/registeredModelId' },
};

/** The container of the first release's registry (`/experimentId`), upgraded into `models` on connect (see registry-upgrade.ts). */
export const legacyRegistryContainerName = 'registry';

/** The container definitions the store creates, named with `containerPrefix`. */
export function containerDefinitions(containerPrefix: string): Record<keyof StoreContainers, ContainerDefinition> {
  const entries = Object.entries(containerLayout).map(([role, layout]) => [
    role,
    {
      id: `${containerPrefix}${layout.name}`,
      partitionKey: { paths: [layout.partitionKeyPath] },
      ...(layout.indexingPolicy ? { indexingPolicy: layout.indexingPolicy } : {}),
    },
  ]);
  return Object.fromEntries(entries) as Record<keyof StoreContainers, ContainerDefinition>;
}

/**
 * Opens the database and its containers, creating what is missing when `createIfMissing`
 * is set. Safe when several processes start at once: a create that loses the race (409)
 * counts as success.
 *
 * @throws MLOpsError NOT_FOUND when something is missing and `createIfMissing` is false;
 * the translated Cosmos DB error otherwise (UNAVAILABLE, PERMISSION_DENIED …).
 */
export async function openContainers(client: CosmosClient, options: ResolvedCosmosDbOptions): Promise<StoreContainers> {
  const database = client.database(options.databaseId);
  await ensureExists(
    () => database.read(),
    () => client.databases.create({ id: options.databaseId, ...(options.throughput === undefined ? {} : { throughput: options.throughput }) }),
    options,
    `database '${options.databaseId}'`,
  );
  const definitions = containerDefinitions(options.containerPrefix);
  const opened = await Promise.all(
    (Object.keys(definitions) as (keyof StoreContainers)[]).map(async (role) => {
      const definition = definitions[role];
      await ensureExists(
        () => database.container(definition.id!).read(),
        () => database.containers.create(definition),
        options,
        `container '${definition.id}' of database '${options.databaseId}'`,
      );
      return [role, database.container(definition.id!)] as const;
    }),
  );
  return Object.fromEntries(opened) as unknown as StoreContainers;
}

async function ensureExists(
  read: () => Promise<unknown>,
  create: () => Promise<unknown>,
  options: ResolvedCosmosDbOptions,
  what: string,
): Promise<void> {
  try {
    await read();
    return;
  } catch (error) {
    if (cosmosStatusOf(error) !== 404) throw translateCosmosError(error, `Opening the ${what}`);
  }
  if (!options.createIfMissing) {
    throw new MLOpsError(
      'NOT_FOUND',
      `The Cosmos DB ${what} does not exist. Create it (see the @mlops-ts/cosmos README for partition keys), or pass createIfMissing: true to let the store create it.`,
      { providerId: cosmosProviderId },
    );
  }
  try {
    await create();
  } catch (error) {
    if (cosmosStatusOf(error) !== 409) throw translateCosmosError(error, `Creating the ${what}`);
  }
}

/** Deletes the database (tests and tooling). */
export async function deleteDatabase(database: Database): Promise<void> {
  try {
    await database.delete();
  } catch (error) {
    if (cosmosStatusOf(error) !== 404) throw translateCosmosError(error, `Deleting the database '${database.id}'`);
  }
}
