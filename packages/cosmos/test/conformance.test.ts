import { describeMetadataStore } from '@mlops-ts/provider-tests';
import { CosmosMetadataStore } from '../src/index.js';
import { dropDatabase, localCosmosOptions } from './support/local-cosmos.js';

// Each test gets a database of its own on the local server, dropped afterwards.
describeMetadataStore('cosmos (local cosmosdb-server)', () => new CosmosMetadataStore(localCosmosOptions()), {
  cleanup: async (store) => dropDatabase((store as CosmosMetadataStore).options.databaseId),
});
