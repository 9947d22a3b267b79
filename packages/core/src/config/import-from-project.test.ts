import { mkdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempProject, type TempProject } from '../../test/support/config-project.js';
import { importFromProject, resolveFromProject } from './import-from-project.js';

describe('resolveFromProject', () => {
  let project: TempProject;
  let app: string;
  beforeEach(async () => {
    project = await createTempProject();
    app = path.join(await realpath(project.dir), 'app', 'src');
    await mkdir(app, { recursive: true });
  });
  afterEach(async () => {
    await project.remove();
  });

  it('finds a package in a node_modules folder above the one given, and is undefined where none is installed', async () => {
    await project.write('node_modules/plain/package.json', '{ "name": "plain", "main": "lib/main.js" }');
    await project.write('node_modules/plain/lib/main.js', 'module.exports = 1;');
    expect(resolveFromProject('plain', [app])).toBe(path.join(await realpath(project.dir), 'node_modules', 'plain', 'lib', 'main.js'));
    expect(resolveFromProject('not-installed', [app])).toBeUndefined();
  });

  it("takes the import entry of an exports map, not the require one, including for ESM-only packages and subpaths", async () => {
    await project.write(
      'node_modules/@acme/dual/package.json',
      JSON.stringify({ name: '@acme/dual', exports: { '.': { types: './index.d.ts', require: './index.cjs', import: './index.mjs' }, './api': { require: { default: './api.cjs' }, import: { types: './api.d.mts', default: './api.mjs' } } } }),
    );
    await project.write('node_modules/@acme/dual/index.mjs', 'export default 1;');
    await project.write('node_modules/@acme/dual/api.mjs', 'export default 2;');
    await project.write('node_modules/esm-only/package.json', JSON.stringify({ name: 'esm-only', exports: { import: './dist/index.js' } }));
    await project.write('node_modules/esm-only/dist/index.js', 'export default 3;');
    const modules = path.join(await realpath(project.dir), 'node_modules');
    expect(resolveFromProject('@acme/dual', [app])).toBe(path.join(modules, '@acme', 'dual', 'index.mjs'));
    expect(resolveFromProject('@acme/dual/api', [app])).toBe(path.join(modules, '@acme', 'dual', 'api.mjs'));
    expect(resolveFromProject('esm-only', [app])).toBe(path.join(modules, 'esm-only', 'dist', 'index.js'));
  });

  it('matches the conditions the process was given with --conditions, as import() does', async () => {
    await project.write('node_modules/conditional/package.json', JSON.stringify({ name: 'conditional', exports: { '.': { 'acme-source': './src/index.js', default: './dist/index.js' } } }));
    await project.write('node_modules/conditional/src/index.js', '');
    await project.write('node_modules/conditional/dist/index.js', '');
    const modules = path.join(await realpath(project.dir), 'node_modules');
    const nodeOptions = process.env.NODE_OPTIONS;
    try {
      delete process.env.NODE_OPTIONS;
      expect(resolveFromProject('conditional', [app])).toBe(path.join(modules, 'conditional', 'dist', 'index.js'));
      process.env.NODE_OPTIONS = '--max-old-space-size=512 --conditions=acme-source';
      expect(resolveFromProject('conditional', [app])).toBe(path.join(modules, 'conditional', 'src', 'index.js'));
      process.env.NODE_OPTIONS = '-C acme-source';
      expect(resolveFromProject('conditional', [app])).toBe(path.join(modules, 'conditional', 'src', 'index.js'));
    } finally {
      if (nodeOptions === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = nodeOptions;
    }
  });

  it('follows subpath patterns, the longest prefix first', async () => {
    await project.write('node_modules/patterns/package.json', JSON.stringify({ name: 'patterns', exports: { './*': './dist/*.js', './features/*': './dist/features/*/index.js' } }));
    await project.write('node_modules/patterns/dist/util.js', '');
    await project.write('node_modules/patterns/dist/features/search/index.js', '');
    const modules = path.join(await realpath(project.dir), 'node_modules');
    expect(resolveFromProject('patterns/util', [app])).toBe(path.join(modules, 'patterns', 'dist', 'util.js'));
    expect(resolveFromProject('patterns/features/search', [app])).toBe(path.join(modules, 'patterns', 'dist', 'features', 'search', 'index.js'));
  });

  it('resolves a symbolic link to its real path, as Node does, so a linked package loads once', async () => {
    await project.write('packages/provider/package.json', JSON.stringify({ name: 'linked-provider', exports: { '.': { default: './index.js' } } }));
    await project.write('packages/provider/index.js', '');
    await project.link('linked-provider', path.join(project.dir, 'packages', 'provider'));
    expect(resolveFromProject('linked-provider', [app])).toBe(path.join(await realpath(project.dir), 'packages', 'provider', 'index.js'));
  });

  it('says UNAVAILABLE for an installed package whose entry is not exported or not built', async () => {
    await project.write('node_modules/unbuilt/package.json', JSON.stringify({ name: 'unbuilt', exports: { '.': './dist/index.js', './internal': null } }));
    expect(() => resolveFromProject('unbuilt', [app])).toThrow(expect.objectContaining({ code: 'UNAVAILABLE', message: expect.stringMatching(/exports \.\/dist\/index\.js, which is missing \(is the package built\?\)/) }));
    expect(() => resolveFromProject('unbuilt/internal', [app])).toThrow(/exports no '\.\/internal' entry/);
  });

  it('resolves a path relative to the folder given', async () => {
    const file = await project.write('app/providers/store.mjs', 'export const x = 1;');
    expect(resolveFromProject('../providers/store.mjs', [app])).toBe(await realpath(file));
  });
});

describe('importFromProject', () => {
  let project: TempProject;
  beforeEach(async () => {
    project = await createTempProject();
  });
  afterEach(async () => {
    await project.remove();
  });

  it('imports the package found, and says UNAVAILABLE with the cause when it throws while loading', async () => {
    await project.write('node_modules/works/package.json', JSON.stringify({ name: 'works', type: 'module', exports: './index.js' }));
    await project.write('node_modules/works/index.js', 'export const answer = 42;');
    await project.write('node_modules/broken/package.json', JSON.stringify({ name: 'broken', type: 'module', exports: './index.js' }));
    await project.write('node_modules/broken/index.js', "throw new Error('native binding not found');");
    expect((await importFromProject<{ answer: number }>('works', [project.dir]))?.module.answer).toBe(42);
    const error = await importFromProject('broken', [project.dir]).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/'broken' is installed .* but failed to load: native binding not found\. Reinstall it \(npm i broken\)/) });
    expect((error as Error).cause).toBeInstanceOf(Error);
  });
});
