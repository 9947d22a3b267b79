import { createHash } from 'node:crypto';

/**
 * Item ids the store derives from names and roles. Cosmos DB ids are unique within a
 * logical partition, so an id derived from a name turns "one record per name" into an
 * insert that fails with 409 for the second writer, without unique-key policies (which
 * are per partition too, and treat every item lacking the key as one more null).
 */

// Cosmos DB refuses ids with these characters, and ids over 255 characters.
const invalidIdCharacters = /[/\\?#]/;

/** True when `id` can be used as a Cosmos DB item id (a point read with it cannot fail as malformed). */
export function isUsableItemId(id: string): boolean {
  return id.length > 0 && id.length <= 255 && !invalidIdCharacters.test(id) && !id.endsWith(' ');
}

/** SHA-256 of the UTF-8 text, as 64 hex digits: fixed length, any character allowed in the name. */
function hashName(name: string): string {
  return createHash('sha256').update(name, 'utf8').digest('hex');
}

/** The id of the claim item that makes an experiment name unique (catalog container). */
export function experimentNameClaimId(name: string): string {
  return `experiment-name-${hashName(name)}`;
}

/** The id of the claim item that makes a deployment target name unique (catalog container). */
export function deploymentTargetNameClaimId(name: string): string {
  return `deployment-target-name-${hashName(name)}`;
}

/** The id of a run's data set item with this name (runs container, the run's partition). */
export function dataSetItemId(name: string): string {
  return `data-set-${hashName(name)}`;
}

/** The id of a run's artifact item with this name: one artifact per name and run (runs container). */
export function artifactItemId(name: string): string {
  return `artifact-${hashName(name)}`;
}

/**
 * The id of a metric point item: the run's metric batch sequence number and the item's
 * position in that batch, so a retried batch never writes a point twice.
 */
export function metricPointsItemId(sequence: number, part: number): string {
  return `metric-points-${sequence}-${part}`;
}

/** Ids of the single items a run's partition holds. */
export const fixedItemIds = {
  confusionMatrix: 'confusion-matrix',
  modelSchema: 'model-schema',
  packageDependencies: 'package-dependencies',
} as const;
