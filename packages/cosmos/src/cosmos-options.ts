import type { CosmosClientOptions } from '@azure/cosmos';
import { MLOpsError } from '@mlops-ts/core';
import { cosmosProviderId } from './cosmos-errors.js';

/**
 * A Microsoft Entra ID credential, such as `DefaultAzureCredential` from `@azure/identity`
 * (any `TokenCredential`; this package does not depend on `@azure/identity`).
 */
export type CosmosTokenCredential = NonNullable<CosmosClientOptions['aadCredentials']>;

/** Client options passed through to `new CosmosClient()`, apart from the endpoint and the secret. */
export type CosmosClientPassThroughOptions = Omit<CosmosClientOptions, 'endpoint' | 'key' | 'aadCredentials' | 'tokenProvider' | 'resourceTokens'>;

/** Where the store keeps its data and how it creates it. */
export interface CosmosDbOptions {
  /** The database holding the store's containers. Default 'mlops'. */
  databaseId?: string;
  /**
   * Prepended to the container names ('catalog', 'runs', 'registry'), so several stores
   * can share one database: with 'team-a-', the containers are 'team-a-catalog' and so on.
   * Default '' (none).
   */
  containerPrefix?: string;
  /**
   * Create the database and the containers when they are missing (in `build()`). Default
   * true. With false, `build()` throws NOT_FOUND when one is missing, which suits accounts
   * whose resources are managed by infrastructure code.
   */
  createIfMissing?: boolean;
  /**
   * Request units per second provisioned on the database when the store creates it,
   * shared by its containers. Default: none (right for serverless accounts; on a
   * provisioned account each container then gets the account's default).
   */
  throughput?: number;
  /**
   * Options for `new CosmosClient()`, e.g. `{ agent }` for a local emulator with a
   * self-signed certificate, `consistencyLevel` or `connectionPolicy`. The store's
   * defaults (see `defaultConnectionPolicy`) are merged under `connectionPolicy`, so
   * `connectionPolicy.retryOptions` tunes the SDK's handling of throttling (429).
   */
  clientOptions?: CosmosClientPassThroughOptions;
}

/** Everything `useCosmosDb({ … })` takes: the account, one way to authenticate, and `CosmosDbOptions`. */
export interface CosmosDbConnectionOptions extends CosmosDbOptions {
  /** The account endpoint, e.g. 'https://my-account.documents.azure.com:443/'. */
  endpoint: string;
  /** The account's primary or secondary key. Give this or `credential`. */
  key?: string;
  /** A Microsoft Entra ID credential (`TokenCredential`). Give this or `key`. */
  credential?: CosmosTokenCredential;
}

/** The options after validation, with defaults filled in. No secret: printing them shows no key. */
export interface ResolvedCosmosDbOptions {
  endpoint: string;
  /** How the store signs in: with the account key, or with a Microsoft Entra ID credential. */
  authentication: 'key' | 'credential';
  databaseId: string;
  containerPrefix: string;
  createIfMissing: boolean;
  throughput: number | undefined;
}

/** What `resolveCosmosDbOptions` returns: the options a store shows, and what its client needs. */
export interface ResolvedCosmosDbConnection {
  options: ResolvedCosmosDbOptions;
  /** For `new CosmosClient()`, the key or credential included: keep it private. */
  clientOptions: CosmosClientOptions;
}

/**
 * The store's connection defaults, under any `clientOptions.connectionPolicy` given:
 * a request that gets no answer fails after 15 s (UNAVAILABLE) instead of the SDK's 60 s,
 * and throttled requests (429) are retried by the SDK up to 20 times within 60 s, waiting
 * as long as the service asks each time, before the store reports UNAVAILABLE.
 */
export const defaultConnectionPolicy = {
  requestTimeout: 15_000,
  retryOptions: { maxRetryAttemptCount: 20, maxWaitTimeInSeconds: 60 },
} as const;

// Characters Cosmos DB refuses in resource ids.
const invalidResourceIdCharacters = /[/\\?#]/;

/**
 * Checks the options, fills in defaults and builds the client options. No message repeats
 * the endpoint given: a pasted connection string or a key in its place would show.
 *
 * @throws MLOpsError INVALID_ARGUMENT for a missing endpoint, no key and no credential or
 * both, or a database id or container prefix Cosmos DB would refuse.
 */
export function resolveCosmosDbOptions(options: CosmosDbConnectionOptions): ResolvedCosmosDbConnection {
  const { endpoint, key, credential } = options ?? ({} as CosmosDbConnectionOptions);
  checkEndpoint(endpoint);
  const hasKey = typeof key === 'string' && key.length > 0;
  if (hasKey === (credential !== undefined && credential !== null)) {
    throw invalid(
      hasKey
        ? 'Both a key and a credential were given for Cosmos DB. Pass one of them: the account key, or a TokenCredential such as DefaultAzureCredential.'
        : 'No key and no credential were given for Cosmos DB. Pass the account key, or a TokenCredential such as DefaultAzureCredential from @azure/identity.',
    );
  }
  const databaseId = options.databaseId ?? 'mlops';
  checkResourceName('databaseId', databaseId, 1);
  const containerPrefix = options.containerPrefix ?? '';
  checkResourceName('containerPrefix', containerPrefix, 0);
  const { throughput } = options;
  if (throughput !== undefined && (!Number.isSafeInteger(throughput) || throughput < 400)) {
    throw invalid(`throughput ${String(throughput)} is not a number of request units Cosmos DB accepts. Pass a whole number of at least 400, or leave it out for serverless accounts.`);
  }
  const passThrough = options.clientOptions ?? {};
  const clientOptions: CosmosClientOptions = {
    userAgentSuffix: 'mlops-ts',
    ...passThrough,
    endpoint,
    ...(hasKey ? { key } : { aadCredentials: credential! }),
    connectionPolicy: {
      ...defaultConnectionPolicy,
      ...passThrough.connectionPolicy,
      retryOptions: { ...defaultConnectionPolicy.retryOptions, ...passThrough.connectionPolicy?.retryOptions },
    },
  };
  return {
    options: {
      endpoint,
      authentication: hasKey ? 'key' : 'credential',
      databaseId,
      containerPrefix,
      createIfMissing: options.createIfMissing ?? true,
      throughput,
    },
    clientOptions,
  };
}

function checkEndpoint(endpoint: unknown): asserts endpoint is string {
  if (typeof endpoint === 'string' && /(^|;)\s*account(endpoint|key)\s*=/i.test(endpoint)) {
    throw invalid(
      'The Cosmos DB endpoint is a connection string. Pass its AccountEndpoint as the endpoint and its AccountKey as the key: useCosmosDb(endpoint, key) or { endpoint, key }.',
    );
  }
  let url: URL | undefined;
  try {
    url = typeof endpoint === 'string' && /^https?:\/\/[^\s]+$/i.test(endpoint) ? new URL(endpoint) : undefined;
  } catch {
    // Not a URL: reported below.
  }
  if (url === undefined) {
    const given = typeof endpoint === 'string' ? 'text that is not an http(s) URL' : String(endpoint === null ? null : typeof endpoint);
    throw invalid(`The Cosmos DB endpoint is not a URL (got ${given}). Pass the account's URI, e.g. 'https://my-account.documents.azure.com:443/', and the key separately.`);
  }
  if (url.username || url.password || url.search) {
    throw invalid("The Cosmos DB endpoint holds credentials or a query. Pass the account's URI alone, e.g. 'https://my-account.documents.azure.com:443/', and the key as the key.");
  }
}

function checkResourceName(option: string, value: unknown, minimumLength: number): void {
  if (typeof value !== 'string' || value.length < minimumLength || value.length > 200 || invalidResourceIdCharacters.test(value) || value.endsWith(' ')) {
    throw invalid(
      `${option} ${JSON.stringify(value)} is not a name Cosmos DB accepts. Use up to 200 characters without '/', '\\', '?', '#' or a trailing space, e.g. 'mlops'.`,
    );
  }
}

function invalid(message: string): MLOpsError {
  return new MLOpsError('INVALID_ARGUMENT', message, { providerId: cosmosProviderId });
}
