import { inspect } from 'node:util';
import { expect } from 'vitest';

/**
 * Asserts that `secret` appears nowhere a user or a logger might print `value`:
 * `String(value)`, `util.inspect` at any depth with hidden properties shown,
 * `JSON.stringify`, and for errors the message, the stack and every `cause` (inspect shows
 * them, with their own properties, such as a URL error's `input`). The secret is looked
 * for as given, URL-encoded, and escaped as JSON and inspect write it; a base64 secret
 * (an account key, which SDKs keep decoded) also as its first bytes the way inspect and
 * JSON print a Buffer or Uint8Array.
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
  const forms = new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), inspect(secret).slice(1, -1), ...decodedForms(secret)]);
  for (const [view, text] of viewsOf(value)) {
    // inspect breaks and pads long arrays over lines: compare with runs of white space as one space.
    const flat = collapseSpaces(text);
    for (const form of forms) expect(flat.includes(collapseSpaces(form)), `${label}'s ${view} shows the secret:\n${text}`).toBe(false);
  }
}

/** For a base64 secret of 16 bytes or more: its first 8 bytes as `<Buffer a1 b2 …>`, `Uint8Array(n) [ 161, 178, …` and JSON `[161,178,…` print them. */
function decodedForms(secret: string): string[] {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(secret)) return [];
  const bytes = [...Buffer.from(secret, 'base64').subarray(0, 8)];
  if (Buffer.from(secret, 'base64').length < 16) return [];
  return [bytes.map((byte) => byte.toString(16).padStart(2, '0')).join(' '), bytes.join(', '), bytes.join(',')];
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

function collapseSpaces(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/** What `print` returns, or the message of what it throws (a circular structure, a BigInt …). */
function attempt(print: () => string): string {
  try {
    return print();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
