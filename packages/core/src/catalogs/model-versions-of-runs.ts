import type { ModelVersion } from '../spec/v1/model-version.js';
import type { MetadataStoreV1 } from '../spec/v1/metadata-store.js';
import { searchModelVersions } from '../registry/search-model-registry.js';

/** Run ids per filter: well under the filter language's 1,000 values. */
const runIdsPerSearch = 500;

/** The registered model versions (of any registered model) whose artifacts are those of these runs. */
export async function findModelVersionsOfRuns(store: MetadataStoreV1, runIds: readonly string[]): Promise<ModelVersion[]> {
  const found: ModelVersion[] = [];
  for (let start = 0; start < runIds.length; start += runIdsPerSearch) {
    const values = runIds.slice(start, start + runIdsPerSearch).map(quoted).join(', ');
    let pageToken: string | undefined;
    do {
      const page = await searchModelVersions(store, { filter: `run_id IN (${values})`, limit: 10_000, ...(pageToken === undefined ? {} : { pageToken }) });
      found.push(...page.modelVersions);
      pageToken = page.nextPageToken;
    } while (pageToken !== undefined);
  }
  return found;
}

/** A string literal of the filter language. */
function quoted(value: string): string {
  return `'${value.replace(/[\\']/g, (character) => `\\${character}`)}'`;
}
