/** A copy of `value` without its undefined members, so that absent facts stay absent in `toEqual` and JSON. */
export function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}
