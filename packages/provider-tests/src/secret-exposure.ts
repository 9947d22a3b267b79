import { inspect } from 'node:util';
import { expect } from 'vitest';

/**
 * Asserts that `secret` appears nowhere a user or a logger might print `value`:
 * `String(value)`, `util.inspect` at any depth with hidden properties shown,
 * `JSON.stringify`, and for errors the message, the stack and every `cause` (inspect shows
 * them, with their own properties, such as a URL error's `input`). The secret is looked
 * for as given, URL-encoded, and escaped as JSON and inspect write it.
 *
 * Use a distinctive secret of 6 characters or more, so it cannot appear by chance.
 *
 * @param label Names the value in the assertion message, e.g. 'the store'.
 * @example
 * const password = 'Pw;0nly-in-tests';
 * const store = new MyStore(`Server=db;Password={${password}}`);
 * expectNoSecretIn(store, password, 'the store');
 * expectNoSecretIn(await expectMLOpsError(() => store.connect(), 'UNAVAILABLE'), password, 'the connection error');
 */
export function expectNoSecretIn(value: unknown, secret: string, label = 'the value'): void {
  if (secret.length < 6) throw new Error(`expectNoSecretIn needs a secret of 6 characters or more, got ${secret.length}: a short one can appear by chance.`);
  const forms = new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), inspect(secret).slice(1, -1)]);
  for (const [view, text] of viewsOf(value)) {
    for (const form of forms) expect(text.includes(form), `${label}'s ${view} shows the secret:\n${text}`).toBe(false);
  }
}

/** Each printed form of `value`, by name. */
function viewsOf(value: unknown): [string, string][] {
  const views: [string, string][] = [['util.inspect', inspect(value, { depth: Infinity, showHidden: true })]];
  views.push(['JSON.stringify', attempt(() => JSON.stringify(value) ?? '')]);
  views.push(['String()', attempt(() => String(value))]);
  if (value instanceof Error) {
    views.push(['message', value.message], ['stack', value.stack ?? '']);
  }
  return views;
}

/** What `print` returns, or the message of what it throws (a circular structure, a BigInt …). */
function attempt(print: () => string): string {
  try {
    return print();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
