import { describe, expect, it } from 'vitest';
import { acquireFileQueue, TransactionQueue } from './transaction-queue.js';

describe('TransactionQueue', () => {
  it('runs tasks one at a time in arrival order, even when they await in the middle, and survives failures', async () => {
    const queue = new TransactionQueue();
    const events: string[] = [];
    const task = (name: string, fail = false) => async () => {
      events.push(`${name} start`);
      await Promise.resolve();
      await new Promise((resolve) => setImmediate(resolve));
      events.push(`${name} end`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([queue.run(task('a')), queue.run(task('b', true)), queue.run(task('c'))]);
    expect(events).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await queue.settled();
  });

  it('shares one queue per file among the connections of the process until the last releases it', () => {
    const first = acquireFileQueue('/tmp/x.db');
    const second = acquireFileQueue('/tmp/x.db');
    expect(second.queue).toBe(first.queue);
    expect(acquireFileQueue('/tmp/y.db').queue).not.toBe(first.queue);
    first.release();
    second.release();
    expect(acquireFileQueue('/tmp/x.db').queue).not.toBe(first.queue);
  });
});
