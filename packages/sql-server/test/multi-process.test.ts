import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SQLServerMetadataStore } from '../src/index.js';
import { clearStoreTables, skipReason, testConnectionString } from './support/sql-server-environment.js';

const packageFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const workerScript = path.join(packageFolder, 'test', 'fixtures', 'store-worker.ts');

/** Starts `count` workers, releases them together once all are ready, and returns their results. */
async function runWorkersTogether(connectionString: string, count: number): Promise<{ runId: string; versions: number[] }[]> {
  const workers = Array.from({ length: count }, (_, index) => {
    const child = spawn(process.execPath, ['--conditions=@mlops-ts/source', '--import', 'tsx', workerScript, connectionString, String(index)], { cwd: packageFolder });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const output: string[] = [];
    let signalReady: () => void = () => {};
    const ready = new Promise<void>((resolve) => (signalReady = resolve));
    createInterface({ input: child.stdout }).on('line', (line) => (line === 'ready' ? signalReady() : output.push(line)));
    const result = once(child, 'exit').then(([code]) => {
      if (code !== 0) throw new Error(`Worker ${index} exited with code ${String(code)}:\n${stderr}`);
      return JSON.parse(output.at(-1) ?? 'null') as { runId: string; versions: number[] };
    });
    return { child, ready: Promise.race([ready, result.then(() => Promise.reject(new Error(`Worker ${index} exited before 'ready'`)))]), result };
  });
  try {
    await Promise.all(workers.map((worker) => worker.ready));
    for (const worker of workers) worker.child.stdin.write('go\n');
    return await Promise.all(workers.map((worker) => worker.result));
  } finally {
    for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill();
  }
}

const connectionString = testConnectionString;
if (connectionString) {
  describe('several processes on one SQL Server database', () => {
    it('8 processes logging 10,000 metrics each and registering 10 versions each lose nothing and share versions 1..80', async () => {
      await clearStoreTables(connectionString);
      const results = await runWorkersTogether(connectionString, 8);
      const store = new SQLServerMetadataStore(connectionString);
      try {
        expect(await store.getExperimentByName('shared')).not.toBeNull();
        expect(await store.listExperiments()).toHaveLength(1);
        for (const { runId } of results) {
          const history = [...(await store.getMetricHistory(runId, 'accuracy')), ...(await store.getMetricHistory(runId, 'loss'))];
          expect(history).toHaveLength(10_000);
          expect((await store.getRun(runId))?.metrics).toEqual({ accuracy: 9_998, loss: 9_999 });
        }
        const registeredModel = await store.getRegisteredModelByName('shared');
        const versions = (await store.listModelVersions(registeredModel!.id)).map((model) => model.version);
        expect(versions).toEqual(Array.from({ length: 80 }, (_, index) => index + 1));
        expect(results.flatMap((result) => result.versions).sort((a, b) => a - b)).toEqual(versions);
      } finally {
        await store.close();
      }
    }, 300_000);
  });
} else {
  describe.skip(`sql-server: 8 processes logging and registering at once [${skipReason}]`, () => {
    it('8 processes logging 10,000 metrics each and registering 10 models each lose nothing and share versions 1..80', () => {});
  });
}
