import path from 'node:path';
import { MLOpsError } from '../errors.js';
import type { ConfigProvider } from './config-providers.js';
import { describeType } from './config-key-path.js';
import type { ProviderOptions } from './mlops-config.js';
import { isPlainObject } from './plain-object.js';

/**
 * Checks a provider's options against its table row and puts them in the form a resolved
 * configuration holds: a string stands for the row's `stringOption` and becomes an object,
 * and relative `pathOptions` are resolved from `baseDirectory`. Options of a provider outside
 * the table (`entry` undefined) are kept as they are.
 *
 * @param where Names the options in messages: "the key 'store.options' in /p/mlops.config.json", "MLOPS_STORE_OPTIONS".
 * @throws MLOpsError INVALID_ARGUMENT for options of the wrong type.
 */
export function normalizeProviderOptions(entry: ConfigProvider | undefined, options: unknown, baseDirectory: string, where: string): ProviderOptions | undefined {
  if (options === undefined) return undefined;
  if (entry?.takesOptions === false) {
    throw new MLOpsError('INVALID_ARGUMENT', `The '${entry.name}' provider takes no options, but ${where} gives some. Remove them.`);
  }
  if (typeof options === 'string' && entry?.stringOption !== undefined) return resolvePathOptions(entry, { [entry.stringOption]: options }, baseDirectory);
  if (typeof options === 'string' && entry === undefined) return options;
  if (!isPlainObject(options)) {
    const accepted = entry === undefined || entry.stringOption !== undefined ? 'an object or a string' : 'an object';
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `The options of ${entry ? `the '${entry.name}' provider` : 'the provider'} (${where}) are ${describeType(options)}, not ${accepted}. Give the options of ${entry ? entry.method : 'its builder method'}() as an object${entry?.stringOption ? `, or a string for ${entry.stringOption}` : ''}.`,
    );
  }
  return entry === undefined ? options : resolvePathOptions(entry, options, baseDirectory);
}

/** The row's default options, their paths resolved from `baseDirectory`; undefined when it has none. */
export function defaultProviderOptions(entry: ConfigProvider | undefined, baseDirectory: string): Record<string, unknown> | undefined {
  return entry?.defaultOptions === undefined ? undefined : resolvePathOptions(entry, entry.defaultOptions, baseDirectory);
}

/**
 * `options` merged over `base` (shallow: a later object's keys win). A string replaces
 * whatever came before; an object cannot add keys to a string.
 *
 * @throws MLOpsError INVALID_ARGUMENT when an object meets a string, naming both places.
 */
export function mergeProviderOptions(
  base: { options: ProviderOptions | undefined; where: string },
  next: { options: ProviderOptions | undefined; where: string },
): { options: ProviderOptions | undefined; where: string } {
  if (next.options === undefined) return base;
  if (base.options === undefined || typeof next.options === 'string') return next;
  if (typeof base.options === 'string') {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `${next.where} sets options, but ${base.where} gives the options as a string, which takes none added. Give the options as an object in one place, or drop ${next.where}.`,
    );
  }
  return { options: { ...base.options, ...next.options }, where: next.where };
}

/** `options` with the row's relative path options made absolute from `baseDirectory` (SQLite's ':memory:' and 'file:' names are kept). */
function resolvePathOptions(entry: ConfigProvider, options: Readonly<Record<string, unknown>>, baseDirectory: string): Record<string, unknown> {
  const resolved: Record<string, unknown> = { ...options };
  for (const name of entry.pathOptions ?? []) {
    const value = resolved[name];
    if (typeof value === 'string' && value.trim() !== '' && value !== ':memory:' && !value.startsWith('file:')) resolved[name] = path.resolve(baseDirectory, value);
  }
  return resolved;
}
