import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { configProviders, loadContext, MLOpsError, type MLOpsContext, type ResolvedMLOpsConfig } from '@mlops-ts/core';
import type { ActionContext } from '../action.js';
import { cliVersion } from '../cli-version.js';
import { plural } from '../format/values.js';
import { resolveCliConfig, withBundledSQLite } from '../open-context.js';

/** One line of the doctor's report. */
interface Check {
  name: string;
  ok: boolean;
  detail: string;
  /** The MLOpsError code of a failed check. */
  code?: string;
}

const minimumNode = [20, 19] as const;

/**
 * `mlops doctor`: resolves the configuration, connects to the store and the repository and
 * asks each something small, and prints the versions in use. Exits with the code of the first
 * failed check.
 */
export async function doctor({ output, globals }: ActionContext, options: { write?: boolean; json?: boolean }): Promise<void> {
  const checks: Check[] = [];
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const isNodeSupported = major > minimumNode[0] || (major === minimumNode[0] && minor >= minimumNode[1]);
  checks.push({ name: 'node', ok: isNodeSupported, detail: isNodeSupported ? `Node ${process.versions.node}` : `Node ${process.versions.node} is older than ${minimumNode.join('.')}: install Node 20.19 or later.`, ...(isNodeSupported ? {} : { code: 'UNSUPPORTED' }) });

  let resolved: ResolvedMLOpsConfig | undefined;
  let context: MLOpsContext | undefined;
  try {
    resolved = await resolveCliConfig(globals);
    checks.push({ name: 'configuration', ok: true, detail: resolved.configFile ?? 'no config file: the embedded default and MLOPS_* variables' });
  } catch (error) {
    checks.push(failed('configuration', error));
  }
  if (resolved !== undefined) {
    try {
      const started = Date.now();
      context = await loadContext({ resolvedConfig: withBundledSQLite(resolved) });
      checks.push({ name: 'connect', ok: true, detail: `store ${context.metadataStore.providerId}, repository ${context.modelRepository.providerId} (${Date.now() - started} ms)` });
    } catch (error) {
      checks.push(failed('connect', error));
    }
  }
  try {
    if (context !== undefined) {
      await check(checks, 'store', async () => plural((await context!.lifecycle.getExperiments({ lifecycle: 'all' })).length, 'experiment'));
      await check(checks, 'repository', async () => {
        const repository = context!.modelRepository;
        await repository.exists('mlops-doctor/probe');
        // Reads the first listed object only: enough to prove read access.
        for await (const _object of repository.list('runs/')) break;
        return `reachable, files at ${repository.uri('runs').replace(/runs$/, '')}`;
      });
      if (options.write) await check(checks, 'repository write', () => writeProbe(context!));
    }
  } finally {
    await context?.close().catch(() => undefined);
  }

  const versions: Record<string, string | null> = { node: process.versions.node, '@mlops-ts/cli': cliVersion(), '@mlops-ts/core': versionOf('@mlops-ts/core', [path.dirname(fileURLToPath(import.meta.url))]) };
  for (const packageName of providerPackagesOf(resolved)) versions[packageName] = versionOf(packageName, [process.cwd(), ...(resolved?.configFile === undefined ? [] : [path.dirname(resolved.configFile)])]) ?? versionOf(packageName, [path.dirname(fileURLToPath(import.meta.url))]);
  versions['@mlops-ts/onnx'] = versionOf('@mlops-ts/onnx', [process.cwd(), path.dirname(fileURLToPath(import.meta.url))]);

  const ok = checks.every((entry) => entry.ok);
  if (options.json) output.printJson({ ok, checks, versions });
  else {
    const { colors } = output;
    output.print(...checks.map((entry) => `${entry.ok ? colors.green('✓') : colors.red('✗')} ${entry.name.padEnd(17)} ${entry.ok ? entry.detail : colors.red(entry.detail)}`));
    output.print('', colors.bold('versions'), ...Object.entries(versions).map(([name, version]) => `  ${name.padEnd(22)} ${version ?? colors.dim(name === '@mlops-ts/onnx' ? 'not installed (needed by mlops serve)' : 'not installed')}`));
  }
  const firstFailure = checks.find((entry) => !entry.ok);
  if (firstFailure !== undefined) {
    const { exitCodeOf } = await import('../exit-codes.js');
    process.exitCode = exitCodeOf(firstFailure.code);
  }
}

async function check(checks: Check[], name: string, run: () => Promise<string>): Promise<void> {
  try {
    checks.push({ name, ok: true, detail: await run() });
  } catch (error) {
    checks.push(failed(name, error));
  }
}

function failed(name: string, error: unknown): Check {
  return { name, ok: false, detail: error instanceof Error ? error.message : String(error), code: MLOpsError.isInstance(error) ? error.code : 'INTERNAL' };
}

/** Writes a small object, reads it back and deletes it. */
async function writeProbe(context: MLOpsContext): Promise<string> {
  const key = `mlops-doctor/probe-${process.pid}-${Date.now()}`;
  const body = `mlops doctor ${new Date().toISOString()}`;
  await context.modelRepository.put(key, Readable.from([Buffer.from(body)]), { sizeBytes: Buffer.byteLength(body) });
  try {
    const readBack = await text(await context.modelRepository.get(key));
    if (readBack !== body) throw new MLOpsError('INTEGRITY', `The object written under ${key} read back different bytes. Check the repository's storage.`);
  } finally {
    await context.modelRepository.delete(key);
  }
  return 'wrote, read back and deleted a probe object';
}

function providerPackagesOf(resolved: ResolvedMLOpsConfig | undefined): string[] {
  if (resolved === undefined) return [];
  const { config } = resolved;
  const providers = config.tracking !== undefined ? [{ provider: 'remote' }] : [config.store, config.repository];
  const packages = providers.flatMap((slot) => (slot === undefined ? [] : 'provider' in slot ? [configProviders.find((entry) => entry.name === slot.provider)?.packageName] : [slot.package]));
  return [...new Set(packages.filter((name): name is string => name !== undefined && name !== '@mlops-ts/core'))];
}

/** The installed version of a package, looked up from the first folder that has it; null when none does. */
function versionOf(packageName: string, folders: readonly string[]): string | null {
  for (const folder of folders) {
    try {
      const manifest = createRequire(path.join(folder, 'noop.js')).resolve(`${packageName}/package.json`);
      return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version ?? null;
    } catch {
      // not installed there
    }
  }
  return null;
}
