import type { JSONObject } from '@azure/cosmos';

/** The properties Cosmos DB adds to every item it stores. */
const systemProperties = ['_etag', '_rid', '_self', '_ts', '_attachments', '_lsn'] as const;

/**
 * A shallow copy of an item without Cosmos DB's system properties, typed as the JSON
 * object the SDK's write operations take.
 */
export function withoutSystemProperties(item: { id: string }): JSONObject & { id: string } {
  const copy: Record<string, unknown> = { ...item };
  for (const property of systemProperties) delete copy[property];
  return copy as JSONObject & { id: string };
}
