import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/** How `runWorkersTogether` starts its worker processes. */
export interface WorkerProcessOptions {
  /** The worker script, run with `process.execPath`. */
  script: string;
  /** How many workers. */
  count: number;
  /** The arguments of worker `index` (after the script). */
  argsOf: (index: number) => string[];
  /** Node.js flags before the script, e.g. a loader for TypeScript workers. Default none. */
  nodeArgs?: string[];
  /** Working folder of the workers. Default this process's. */
  cwd?: string;
}

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  result: Promise<unknown>;
}

/**
 * Runs store workers at the same moment, for concurrency tests across processes: starts
 * `count` workers, waits until each prints the line `ready`, releases them all at once by
 * writing `go` to their stdin, and returns the JSON each printed as its last line, in worker
 * order. A worker that exits non-zero (or before `ready`) fails the call with its stderr.
 */
export async function runWorkersTogether<Result>(options: WorkerProcessOptions): Promise<Result[]> {
  const workers = Array.from({ length: options.count }, (_, index) => startWorker(options, index));
  try {
    await Promise.all(workers.map((worker) => worker.ready));
    for (const worker of workers) worker.child.stdin!.write('go\n');
    return (await Promise.all(workers.map((worker) => worker.result))) as Result[];
  } finally {
    for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill();
  }
}

function startWorker(options: WorkerProcessOptions, index: number): Worker {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.script, ...options.argsOf(index)], {
    cwd: options.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const output: string[] = [];
  let signalReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (signalReady = resolve));
  createInterface({ input: child.stdout! }).on('line', (line) => (line === 'ready' ? signalReady() : output.push(line)));
  const result = once(child, 'exit').then(([code]) => {
    if (code !== 0) throw new Error(`Worker ${index} exited with code ${String(code)}:\n${stderr}`);
    return JSON.parse(output.at(-1) ?? 'null') as unknown;
  });
  // A worker that dies before 'ready' must fail the test instead of hanging it.
  return { child, ready: Promise.race([ready, result.then(() => Promise.reject(new Error(`Worker ${index} exited before 'ready'`)))]), result };
}
