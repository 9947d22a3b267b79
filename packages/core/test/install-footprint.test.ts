import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

// Two small pure-JavaScript libraries are allowed, neither with dependencies of its own: the
// DDSketch behind data histograms, and jstat for the chi-square distribution behind drift
// p-values. Proven numerics are the kind of code the core should not hand-write; anything
// native or cloud-bound stays out.
const allowedDependencies = ['@datadog/sketches-js', 'jstat'];

it('installing @mlops-ts/core alone pulls only the sketch and statistics libraries, so no native module and no cloud SDK', async () => {
  const manifest = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8'));
  expect(Object.keys(manifest.dependencies ?? {}).sort()).toEqual(allowedDependencies);
  expect(manifest.peerDependencies ?? {}).toEqual({});
  expect(manifest.optionalDependencies ?? {}).toEqual({});
});

it('the allowed libraries bring no dependency, install script or native addon of its own', async () => {
  const require = createRequire(path.join(packageDir, 'package.json'));
  for (const name of allowedDependencies) {
    const manifest = JSON.parse(await readFile(require.resolve(`${name}/package.json`), 'utf8'));
    expect(manifest.dependencies ?? {}, name).toEqual({});
    expect(manifest.optionalDependencies ?? {}, name).toEqual({});
    expect(manifest.peerDependencies ?? {}, name).toEqual({});
    expect(manifest.gypfile, name).toBeUndefined();
    expect(Object.keys(manifest.scripts ?? {}).filter((script) => /^(pre|post)?install$/.test(script)), name).toEqual([]);
  }
});

it('the core source imports only Node built-ins, its own files and the allowed libraries (SQLite is loaded lazily by name)', async () => {
  const files = (await readdir(path.join(packageDir, 'src'), { recursive: true })).filter((file) => file.endsWith('.ts') && !/\.test(-d)?\.ts$/.test(file)); // tests are not published
  const imported = new Set<string>();
  for (const file of files) {
    const source = await readFile(path.join(packageDir, 'src', file), 'utf8');
    for (const match of source.matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)) imported.add(match[1]!);
  }
  const external = [...imported].filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('node:'));
  expect(external.sort()).toEqual(allowedDependencies);
});
