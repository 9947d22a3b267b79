/** A position in a configuration: keys of objects, indexes of arrays. */
export type ConfigKeyPath = readonly (string | number)[];

/**
 * The JSON path of a value for messages: `store.options.path`, `tags[0]`, or
 * `store.options["a.b"]` for a key that is not a plain name.
 */
export function formatConfigKeyPath(path: ConfigKeyPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text === '' ? '(the whole configuration)' : text;
}

/** "the key 'store.provider' in /project/mlops.config.json", for messages. */
export function describeConfigKey(path: ConfigKeyPath, file: string): string {
  return `the key '${formatConfigKeyPath(path)}' in ${file}`;
}

/** What a value is, for messages that must not repeat it (it may be a secret): 'a number', 'an array', 'null' … */
export function describeType(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** The text with its first letter in upper case, to start a sentence. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
