/**
 * The conditions an `import()` matches in this process: `node`, `import`, `default`, and any
 * given to Node with `--conditions` / `-C` (on the command line or in NODE_OPTIONS). The
 * package's own key order decides between them, as in Node's resolver.
 */
export function importConditions(): Set<string> {
  const conditions = new Set(['node', 'import', 'default']);
  const args = [...process.execArgv, ...(process.env.NODE_OPTIONS?.split(/\s+/) ?? [])];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    const inline = /^(?:--conditions|-C)=(.+)$/.exec(arg)?.[1];
    if (inline !== undefined) conditions.add(inline);
    else if ((arg === '--conditions' || arg === '-C') && args[index + 1] !== undefined) conditions.add(args[++index]!);
  }
  return conditions;
}

/**
 * The file (relative to the package folder, such as `./dist/esm/api/index.mjs`) that a
 * package's `exports` map gives an `import()` of `subpath` (`.` or `./esm/api`), or undefined
 * when it exports no such subpath.
 *
 * Written here, not taken from a library, because the core keeps to one runtime dependency;
 * it covers what packages publish (exact subpaths, one `*` pattern, nested conditions,
 * fallback arrays), which is all a provider package or tsx needs. Node does the rest of the
 * resolution when the file is imported.
 */
export function resolvePackageExport(exports: unknown, subpath: string, conditions: ReadonlySet<string> = importConditions()): string | undefined {
  const isSubpathMap = isRecord(exports) && Object.keys(exports).some((key) => key.startsWith('.'));
  if (!isSubpathMap) return subpath === '.' ? pickTarget(exports, undefined, conditions) : undefined;
  const map = exports as Record<string, unknown>;
  if (Object.prototype.hasOwnProperty.call(map, subpath) && !subpath.includes('*')) return pickTarget(map[subpath], undefined, conditions);
  // The pattern with the longest prefix wins ("./features/*.js" over "./*").
  let best: { key: string; match: string } | undefined;
  for (const key of Object.keys(map)) {
    const star = key.indexOf('*');
    if (star === -1 || key.indexOf('*', star + 1) !== -1) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (!subpath.startsWith(prefix) || !subpath.endsWith(suffix) || subpath.length < key.length) continue;
    if (best === undefined || prefix.length > best.key.indexOf('*')) best = { key, match: subpath.slice(prefix.length, subpath.length - suffix.length) };
  }
  return best === undefined ? undefined : pickTarget(map[best.key], best.match, conditions);
}

function pickTarget(target: unknown, patternMatch: string | undefined, conditions: ReadonlySet<string>): string | undefined {
  if (typeof target === 'string') return patternMatch === undefined ? target : target.replaceAll('*', patternMatch);
  if (Array.isArray(target)) {
    for (const item of target) {
      const found = pickTarget(item, patternMatch, conditions);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isRecord(target)) return undefined; // null: explicitly not exported.
  for (const [condition, nested] of Object.entries(target)) {
    if (!conditions.has(condition)) continue;
    const found = pickTarget(nested, patternMatch, conditions);
    if (found !== undefined) return found;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
