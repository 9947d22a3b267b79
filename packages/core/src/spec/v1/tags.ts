/**
 * String key/value labels on experiments, runs and registered models. Keys are 1 to 250
 * characters; values are any string. Tags live in tables (or objects) of their own, not
 * in the field registry.
 */
export type Tags = Record<string, string>;
