import type { Container, FeedOptions, ItemDefinition, SqlParameter } from '@azure/cosmos';
import { cosmosStatusOf, translateCosmosError } from './cosmos-errors.js';
import { isUsableItemId } from './document-ids.js';

/** A parameterized Cosmos DB SQL query: values travel as parameters, never inside the text. */
export interface SqlQuery {
  query: string;
  parameters: SqlParameter[];
}

/**
 * Point-reads an item (1 request unit for 1 KB). Null when it does not exist, or when
 * `id` cannot be a Cosmos DB item id (an experiment name tried as an id, say).
 *
 * @param what What is read, for error messages.
 */
export async function readItem<Item>(container: Container, id: string, partitionKey: string, what: string): Promise<(Item & ItemDefinition) | null> {
  if (!isUsableItemId(id)) return null;
  try {
    const { resource, statusCode } = await container.item(id, partitionKey).read<Item & ItemDefinition>();
    if (statusCode === 404 || resource === undefined) return null;
    return resource;
  } catch (error) {
    if (cosmosStatusOf(error) === 404) return null;
    throw translateCosmosError(error, `Reading ${what}`);
  }
}

/**
 * Creates an item. Returns false instead of throwing when an item with its id already
 * exists in the partition (409), which is how the store claims names and ids.
 */
export async function createItem(container: Container, item: ItemDefinition, what: string): Promise<boolean> {
  try {
    await container.items.create(item);
    return true;
  } catch (error) {
    if (cosmosStatusOf(error) === 409) return false;
    throw translateCosmosError(error, `Writing ${what}`);
  }
}

/** Deletes an item; an item that is already gone is fine. */
export async function deleteItem(container: Container, id: string, partitionKey: string, what: string): Promise<void> {
  try {
    await container.item(id, partitionKey).delete();
  } catch (error) {
    if (cosmosStatusOf(error) !== 404) throw translateCosmosError(error, `Deleting ${what}`);
  }
}

/** Keeps a query inside one logical partition: the partition key property and its value. */
export interface PartitionScope {
  /** The partition key property of the container ('runId' or 'experimentId'). */
  property: 'runId' | 'experimentId' | 'registeredModelId';
  value: string;
}

/**
 * Runs a query and returns every result, following continuation tokens page by page.
 * With `scope` the query stays in one logical partition: the SDK routes it there, and the
 * query also filters on the partition key property, so a server that ignores the routing
 * (the local test server does) returns the same results. Without it, it fans out to every
 * physical partition of the container. `sql.query` must have a WHERE clause.
 */
export async function queryAll<Result>(container: Container, sql: SqlQuery, what: string, scope?: PartitionScope): Promise<Result[]> {
  const scoped: SqlQuery =
    scope === undefined
      ? sql
      : { query: `${sql.query} AND c.${scope.property} = @partitionKeyValue`, parameters: [...sql.parameters, { name: '@partitionKeyValue', value: scope.value }] };
  const options: FeedOptions = scope === undefined ? { maxItemCount: 1_000 } : { partitionKey: scope.value, maxItemCount: 1_000 };
  try {
    const { resources } = await container.items.query<Result>(scoped, options).fetchAll();
    return resources;
  } catch (error) {
    throw translateCosmosError(error, `Querying ${what}`);
  }
}
