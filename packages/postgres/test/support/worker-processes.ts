import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const packageFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const workerScript = path.join(packageFolder, 'test', 'fixtures', 'store-worker.ts');

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  result: Promise<unknown>;
}

/** Starts one store worker (TypeScript run through tsx, workspace packages from source). */
function startWorker(mode: string, target: readonly string[], index: number): Worker {
  const child = spawn(process.execPath, ['--conditions=@mlops-ts/source', '--import', 'tsx', workerScript, mode, ...target, String(index)], {
    cwd: packageFolder,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  const output: string[] = [];
  let signalReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (signalReady = resolve));
  lines.on('line', (line) => (line === 'ready' ? signalReady() : output.push(line)));
  const result = once(child, 'exit').then(([code]) => {
    if (code !== 0) throw new Error(`Worker ${index} (${mode}) exited with code ${String(code)}:\n${stderr}`);
    return JSON.parse(output.at(-1) ?? 'null') as unknown;
  });
  // A worker that dies before 'ready' must fail the test instead of hanging it.
  return { child, ready: Promise.race([ready, result.then(() => Promise.reject(new Error(`Worker ${index} exited before 'ready'`)))]), result };
}

/**
 * Starts `count` workers, waits until each reports 'ready', releases them all at once
 * with 'go', and returns their JSON results in worker order.
 */
export async function runWorkersTogether<Result>(mode: 'migrate' | 'log', target: readonly string[], count: number): Promise<Result[]> {
  const workers = Array.from({ length: count }, (_, index) => startWorker(mode, target, index));
  try {
    await Promise.all(workers.map((worker) => worker.ready));
    for (const worker of workers) worker.child.stdin!.write('go\n');
    return (await Promise.all(workers.map((worker) => worker.result))) as Result[];
  } finally {
    for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill();
  }
}
