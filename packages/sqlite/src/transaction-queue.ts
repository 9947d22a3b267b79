/**
 * Runs tasks one at a time, in the order they arrive. better-sqlite3 is synchronous, but
 * a transaction's work is async: without a queue, a second transaction could start
 * between two statements of the first. On one file, the queue is shared by every
 * connection of the process, because a connection waiting for SQLite's write lock blocks
 * the thread — and with it the connection holding the lock — until the busy timeout.
 */
export class TransactionQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #pending = 0;

  /** Runs `task` after every task queued before it; it starts at once when the queue is idle. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#pending === 0 ? task() : this.#tail.then(task, task);
    this.#pending++;
    this.#tail = result.then(
      () => void this.#pending--,
      () => void this.#pending--,
    );
    return result;
  }

  /** Resolves once every task queued so far has settled (tasks queued later are not awaited). */
  async settled(): Promise<void> {
    await this.#tail;
  }
}

const sharedQueues = new Map<string, { queue: TransactionQueue; users: number }>();

/**
 * The queue of the database file at `databasePath` (an absolute path), shared by the
 * connections of this process; call `release` when the connection closes.
 */
export function acquireFileQueue(databasePath: string): { queue: TransactionQueue; release: () => void } {
  let entry = sharedQueues.get(databasePath);
  if (!entry) sharedQueues.set(databasePath, (entry = { queue: new TransactionQueue(), users: 0 }));
  entry.users++;
  const shared = entry;
  let isReleased = false;
  return {
    queue: shared.queue,
    release: () => {
      if (isReleased) return;
      isReleased = true;
      if (--shared.users === 0 && sharedQueues.get(databasePath) === shared) sharedQueues.delete(databasePath);
    },
  };
}
