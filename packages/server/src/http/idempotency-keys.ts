import { LRUCache } from 'lru-cache';

/** Options of `IdempotencyKeys`. */
export interface IdempotencyKeyOptions {
  /** Keys remembered at most (the oldest are forgotten first). Default 10,000. */
  maxKeys?: number;
  /** How long a key is remembered after its request succeeded, in milliseconds. Default 10 minutes. */
  ttlMs?: number;
}

/**
 * The requests this server process stored, by the `Idempotency-Key` a client sent with
 * them, for a bounded time and number: a client that lost the answer sends the request
 * again with the same key, and it is stored once. A repeat while the first is still being
 * stored waits for it and answers its outcome; a request that failed is forgotten, so its
 * repeat is tried again. Keys are remembered per process: replicas behind a load balancer
 * each keep their own.
 */
export class IdempotencyKeys {
  readonly #outcomes: LRUCache<string, Promise<void>>;

  constructor(options: IdempotencyKeyOptions = {}) {
    this.#outcomes = new LRUCache<string, Promise<void>>({ max: options.maxKeys ?? 10_000, ttl: options.ttlMs ?? 600_000 });
  }

  /** Runs `store` unless `key` was already stored (or is being stored), whose outcome it then shares. Without a key, always runs it. */
  async once(key: string | undefined, store: () => Promise<void>): Promise<void> {
    if (key === undefined) return store();
    const known = this.#outcomes.get(key);
    if (known !== undefined) return known;
    const outcome = store();
    this.#outcomes.set(key, outcome);
    outcome.catch(() => {
      if (this.#outcomes.get(key) === outcome) this.#outcomes.delete(key);
    });
    return outcome;
  }
}
