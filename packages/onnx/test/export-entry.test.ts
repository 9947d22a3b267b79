import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const packageDirectory = fileURLToPath(new URL('..', import.meta.url));

/**
 * Imports `specifier` in a fresh Node.js process (from source, through the package's
 * `exports` map), exports a small model, and reports what the process loaded: the modules
 * in the require cache (where onnxruntime-node, a CommonJS package, and its `.node` addon
 * land) and whether the builder gained `useOnnx`.
 */
async function importInFreshProcess(specifier: string): Promise<{ modules: string[]; exportedBytes: number; hasUseOnnx: boolean }> {
  const script = `
    const entry = await import(process.argv[1]);
    const { createRequire } = await import('node:module');
    const { MLOpsBuilder } = await import('@mlops-ts/core');
    const bytes = entry.toOnnx({ centroids: [[0, 0], [1, 1]] });
    entry.readOnnxSignature(bytes);
    console.log(JSON.stringify({
      modules: Object.keys(createRequire(process.cwd() + '/').cache),
      exportedBytes: bytes.length,
      hasUseOnnx: typeof MLOpsBuilder.prototype.useOnnx === 'function',
    }));`;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--conditions=@mlops-ts/source', '--import', 'tsx', '--input-type=module', '-e', script, specifier],
    { cwd: packageDirectory },
  );
  return JSON.parse(stdout) as { modules: string[]; exportedBytes: number; hasUseOnnx: boolean };
}

const runtimeModules = (modules: string[]) => modules.filter((module) => /onnxruntime/.test(module));

describe('the @mlops-ts/onnx/export entry', () => {
  it('exports models without loading onnxruntime-node or its native addon, and adds no builder method', async () => {
    const loaded = await importInFreshProcess('@mlops-ts/onnx/export');
    expect(loaded.exportedBytes).toBeGreaterThan(0);
    expect(runtimeModules(loaded.modules)).toEqual([]);
    expect(loaded.hasUseOnnx).toBe(false);
  }, 60_000);

  it('is what the main entry adds the runtime to: importing @mlops-ts/onnx loads the addon and adds useOnnx()', async () => {
    // The same probe on the main entry, so the check above is known to see the runtime when it is there.
    const loaded = await importInFreshProcess('@mlops-ts/onnx');
    expect(runtimeModules(loaded.modules).some((module) => module.endsWith('.node'))).toBe(true);
    expect(loaded.hasUseOnnx).toBe(true);
  }, 60_000);
});
