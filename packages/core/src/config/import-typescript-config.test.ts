import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTempProject, type TempProject } from '../../test/support/config-project.js';
import { transpileCoreSource } from '../../test/support/transpiled-core.js';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const tsxPackage = path.dirname(require.resolve('tsx/package.json'));
const nodeImportsTypeScript = Boolean((process.features as { typescript?: unknown }).typescript);

const typeScriptConfig = `
import type { MLOpsConfig } from '@mlops-ts/core';
const folder: string = 'typed';
export default { store: { provider: 'sqlite', options: { path: \`\${folder}/mlops.db\` } } } satisfies MLOpsConfig;
`;

/**
 * Runs resolveConfig() in a plain `node` process started in the project folder, as the CLI
 * would run, on the core's current source as plain JavaScript: no TypeScript loader is
 * registered, so the config file meets Node as it is.
 */
async function resolveInPlainNode(project: TempProject, coreSource: string): Promise<{ config?: unknown; code?: string; message?: string }> {
  const runner = await project.write(
    'runner.mjs',
    `const { resolveConfig } = await import(${JSON.stringify(pathToFileURL(path.join(coreSource, 'config', 'resolve-config.js')).href)});
try {
  console.log(JSON.stringify({ config: (await resolveConfig()).config }));
} catch (error) {
  console.log(JSON.stringify({ code: error.code, message: error.message }));
}`,
  );
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_OPTIONS' && !name.startsWith('MLOPS_')));
  const { stdout } = await run(process.execPath, [runner], { cwd: project.dir, env });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as { config?: unknown; code?: string; message?: string };
}

describe('a TypeScript config file', () => {
  let coreBuild: TempProject;
  let coreSource: string;
  beforeAll(async () => {
    coreBuild = await createTempProject('mlops-core-js-');
    coreSource = await transpileCoreSource(coreBuild.dir);
  });
  afterAll(async () => {
    await coreBuild.remove();
  });

  let project: TempProject;
  beforeEach(async () => {
    project = await createTempProject();
  });
  afterEach(async () => {
    await project.remove();
  });

  it.runIf(!nodeImportsTypeScript)(
    `on Node ${process.versions.node}, which cannot import TypeScript, is refused with UNSUPPORTED saying to use .mjs or run under tsx (runs on Node without type stripping only)`,
    async () => {
      await project.write('mlops.config.ts', typeScriptConfig);
      const result = await resolveInPlainNode(project, coreSource);
      expect(result.code).toBe('UNSUPPORTED');
      expect(result.message).toContain(`${path.join(project.dir, 'mlops.config.ts')} is TypeScript, which Node ${process.versions.node} cannot import`);
      expect(result.message).toMatch(/Rename it to mlops\.config\.mjs.*run under tsx.*npm i -D tsx/);
    },
    30_000,
  );

  it.runIf(!nodeImportsTypeScript)(`on Node ${process.versions.node}, loads with the project's own tsx (runs on Node without type stripping only)`, async () => {
    await project.link('tsx', tsxPackage);
    await project.write('mlops.config.ts', typeScriptConfig);
    const result = await resolveInPlainNode(project, coreSource);
    expect(result).toEqual({
      config: {
        store: { provider: 'sqlite', options: { path: path.join(project.dir, 'typed', 'mlops.db') } },
        repository: { provider: 'local', options: { rootDir: path.join(project.dir, 'mlops', 'models') } },
      },
    });
  }, 30_000);

  it.runIf(nodeImportsTypeScript)(
    `loads natively where Node strips types (runs on Node 22.18 and later only)`,
    async () => {
      await project.write('mlops.config.ts', typeScriptConfig);
      const result = await resolveInPlainNode(project, coreSource);
      expect(result.config).toMatchObject({ store: { provider: 'sqlite', options: { path: path.join(project.dir, 'typed', 'mlops.db') } } });
    },
    30_000,
  );
});
