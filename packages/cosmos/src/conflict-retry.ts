import { setTimeout as sleep } from 'node:timers/promises';
import { MLOpsError } from '@mlops-ts/core';
import { cosmosProviderId } from './cosmos-errors.js';

/** Returned by an attempt that lost a race (an ETag mismatch or a create that met an existing id) and must run again. */
export const retryAttempt: unique symbol = Symbol('retry');

/** How long `retryOnConflict` keeps trying, and how it spaces attempts. */
export interface ConflictRetryPolicy {
  /** Give up after this many attempts. */
  maxAttempts: number;
  /** First pause, in milliseconds; doubled after each lost race up to `maxDelayMs`, with ±50 % jitter. */
  initialDelayMs: number;
  /** Longest pause, in milliseconds. */
  maxDelayMs: number;
}

/** Enough for dozens of writers racing on one item (a run, a version counter). */
export const defaultConflictRetryPolicy: ConflictRetryPolicy = { maxAttempts: 200, initialDelayMs: 2, maxDelayMs: 200 };

/**
 * Runs an optimistic read-modify-write until it commits: `attempt` reads the current item,
 * writes its change conditioned on the ETag it read, and returns `retryAttempt` when another
 * writer got there first. The pause between attempts grows and is jittered, so writers
 * racing on one item spread out instead of colliding again.
 *
 * @throws MLOpsError CONFLICT when the attempts run out (the item is written too often).
 */
export async function retryOnConflict<Result>(
  attempt: (attemptNumber: number) => Promise<Result | typeof retryAttempt>,
  what: string,
  policy: ConflictRetryPolicy = defaultConflictRetryPolicy,
): Promise<Result> {
  let delayMs = policy.initialDelayMs;
  for (let attemptNumber = 1; attemptNumber <= policy.maxAttempts; attemptNumber++) {
    const result = await attempt(attemptNumber);
    if (result !== retryAttempt) return result;
    await sleep(delayMs * (0.5 + Math.random()));
    delayMs = Math.min(policy.maxDelayMs, delayMs * 2);
  }
  throw new MLOpsError(
    'CONFLICT',
    `${what} lost the race to concurrent writers ${policy.maxAttempts} times in a row. Retry later, or spread the writes over more runs or experiments.`,
    { providerId: cosmosProviderId },
  );
}
