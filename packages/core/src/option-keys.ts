import { MLOpsError } from './errors.js';

/**
 * The option names of a provider, written as an object whose type lists every key of the
 * options type, so adding an option without naming it here is a compile error.
 *
 * @example
 * const sqliteOptionKeys = optionKeys<SQLiteOptions>({ path: true, busyTimeoutMs: true });
 */
export function optionKeys<Options extends object>(keys: { readonly [Key in keyof Required<Options>]: true }): readonly string[] {
  return Object.keys(keys);
}

/**
 * Refuses option names a provider does not know, so a misspelt key (`pth` for `path`)
 * is an error instead of a silent default that writes somewhere else.
 *
 * @param what What the options configure, for the message, e.g. 'useSQLite()'.
 * @throws MLOpsError INVALID_ARGUMENT naming the unknown keys, the closest known one and the list of known ones.
 */
export function refuseUnknownOptions(what: string, options: object | undefined | null, known: readonly string[], providerId?: string): void {
  if (options === undefined || options === null) return;
  const unknown = Object.keys(options).filter((key) => !known.includes(key));
  if (unknown.length === 0) return;
  const suggestion = closestKey(unknown[0]!, known);
  throw new MLOpsError(
    'INVALID_ARGUMENT',
    `${what} has no option ${unknown.map((key) => `'${key}'`).join(', ')}${suggestion ? ` (did you mean '${suggestion}'?)` : ''}. ` +
      `Use only ${known.map((key) => `'${key}'`).join(', ')}.`,
    providerId === undefined ? {} : { providerId },
  );
}

// A known key within two edits (case ignored), which catches typos but not unrelated words.
function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance <= 2 && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_unused, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
