import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempProject, type TempProject } from '../../test/support/config-project.js';
import { readConfigFile } from './read-config-file.js';

describe('readConfigFile', () => {
  let project: TempProject;
  beforeEach(async () => {
    project = await createTempProject();
  });
  afterEach(async () => {
    await project.remove();
  });

  it('reads a JSON file (a byte order mark included)', async () => {
    const file = await project.write('mlops.config.json', '\uFEFF{ "store": { "provider": "sqlite", "options": { "path": "db/mlops.db" } } }');
    expect(await readConfigFile(file, [])).toEqual({ store: { provider: 'sqlite', options: { path: 'db/mlops.db' } } });
  });

  it('says where JSON is broken without repeating the text around it', async () => {
    const file = await project.write('mlops.config.json', '{\n  "store": { "provider": "postgres",\n    "options": { "password": "hunter2" "host": "db" } } }');
    const error = await readConfigFile(file, []).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining(`${file} is not valid JSON`) });
    expect((error as Error).message).toMatch(/line 3, column \d+/);
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('reads the default export of an .mjs file', async () => {
    const file = await project.write('mlops.config.mjs', "export default { repository: { provider: 'local', options: { rootDir: 'models' } } };");
    expect(await readConfigFile(file, [])).toEqual({ repository: { provider: 'local', options: { rootDir: 'models' } } });
  });

  it('calls a default-exported async function for computed values (.js in a module package)', async () => {
    await project.write('package.json', '{ "type": "module" }');
    const file = await project.write(
      'mlops.config.js',
      "export default async () => ({ store: { provider: 'sqlite', options: { path: `${await Promise.resolve('computed')}.db` } } });",
    );
    expect(await readConfigFile(file, [])).toEqual({ store: { provider: 'sqlite', options: { path: 'computed.db' } } });
  });

  it('reads module.exports of a CommonJS .cjs file', async () => {
    const file = await project.write('mlops.config.cjs', "module.exports = { captureRunContext: false };");
    expect(await readConfigFile(file, [])).toEqual({ captureRunContext: false });
  });

  it('refuses a module without an object as its default export', async () => {
    const file = await project.write('mlops.config.mjs', "export const store = { provider: 'sqlite' };");
    await expect(readConfigFile(file, [])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/default export .* is undefined, not an object/) });
    const returnsArray = await project.write('other/mlops.config.mjs', 'export default () => [];');
    await expect(readConfigFile(returnsArray, [])).rejects.toThrow(/is an array \(returned by its function\), not an object/);
  });

  it('reports a module that throws as UNAVAILABLE with its error as the cause', async () => {
    const file = await project.write('mlops.config.mjs', "throw new Error('VAULT_ADDR is not reachable');");
    const error = await readConfigFile(file, []).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('VAULT_ADDR is not reachable') });
    expect((error as Error).cause).toBeInstanceOf(Error);
  });
});
