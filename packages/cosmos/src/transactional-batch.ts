import type { Container, OperationInput, OperationResponse } from '@azure/cosmos';
import type { MLOpsError } from '@mlops-ts/core';
import { translateCosmosError } from './cosmos-errors.js';

/** Cosmos DB's limit of operations in one transactional batch. */
export const maxBatchOperations = 100;

/**
 * Cosmos DB's limit of a transactional batch request is 2 MB; the store keeps a margin
 * for the request's framing and the JSON the SDK adds around each operation.
 */
export const maxBatchBytes = 1_800_000;

/** The result of a transactional batch: every operation's response, or the one that failed. */
export type BatchOutcome =
  | { succeeded: true; results: OperationResponse[] }
  | {
      succeeded: false;
      /** Index of the operation that made the batch fail. */
      failedIndex: number;
      /** Its status: e.g. 404 (read of a missing item), 409 (create of an existing id), 412 (ETag mismatch). */
      status: number;
    };

/**
 * Runs operations on one logical partition as a transactional batch: on Azure Cosmos DB all
 * of them commit or none does. A failing operation is reported (not thrown) so the caller
 * can retry on 412, or report 404 and 409 in its own words; transport failures, throttling
 * beyond the SDK's retries and refused credentials throw translated `MLOpsError`s.
 *
 * Callers put the operations that may fail (reads that check existence, ETag-conditioned
 * replaces) first. Servers that execute a batch one operation at a time and stop at the
 * first failure then store nothing either when those fail.
 *
 * @param what What the batch does, for error messages.
 */
export async function executeBatch(container: Container, partitionKey: string, operations: OperationInput[], what: string): Promise<BatchOutcome> {
  // Each operation names the partition key too: Cosmos DB accepts it when it equals the
  // batch's, and servers that resolve items per operation need it.
  const withPartitionKey = operations.map((operation) => ({ ...operation, partitionKey }) as OperationInput);
  let response;
  try {
    response = await container.items.batch(withPartitionKey, partitionKey);
  } catch (error) {
    throw translateCosmosError(error, what);
  }
  const results = response.result ?? [];
  // The operation that failed has its own status; the others report 424 (failed dependency).
  const failedIndex = results.findIndex((result) => result.statusCode >= 400 && result.statusCode !== 424);
  if (failedIndex !== -1) return { succeeded: false, failedIndex, status: results[failedIndex]!.statusCode };
  if (results.length !== operations.length || results.some((result) => result.statusCode >= 400)) {
    const status = response.code ?? results.find((result) => result.statusCode >= 400)?.statusCode ?? 500;
    throw translateCosmosError(Object.assign(new Error(`the batch answered ${results.length} results for ${operations.length} operations`), { code: status }), what);
  }
  return { succeeded: true, results };
}

/** The error for a batch that failed with a status its caller does not handle (e.g. 429 after the SDK's retries, 403). */
export function batchFailure(outcome: { failedIndex: number; status: number }, what: string): MLOpsError {
  const native = Object.assign(new Error(`operation ${outcome.failedIndex + 1} of the transactional batch failed with status ${outcome.status}`), {
    code: outcome.status,
  });
  return translateCosmosError(native, what);
}
