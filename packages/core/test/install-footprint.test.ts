import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

it('installing @mlops-ts/core alone pulls no dependency at all, so no native module and no cloud SDK', async () => {
  const manifest = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8'));
  expect(manifest.dependencies ?? {}).toEqual({});
  expect(manifest.peerDependencies ?? {}).toEqual({});
  expect(manifest.optionalDependencies ?? {}).toEqual({});
});

it('the core source imports only Node built-ins and its own files (SQLite is loaded lazily by name)', async () => {
  const files = (await readdir(path.join(packageDir, 'src'), { recursive: true })).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
  const imported = new Set<string>();
  for (const file of files) {
    const source = await readFile(path.join(packageDir, 'src', file), 'utf8');
    for (const match of source.matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)) imported.add(match[1]!);
  }
  const external = [...imported].filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('node:'));
  expect(external).toEqual([]);
});
