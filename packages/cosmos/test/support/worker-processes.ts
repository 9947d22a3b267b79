import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runWorkersTogether as runWorkers } from '@mlops-ts/provider-tests';

const packageFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// tsx is a root dev dependency of the workspace; its entry registers the TypeScript loader.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Runs `count` copies of fixtures/store-worker.ts, worker `index` with `argsOf(index)`, at the same moment. */
export function runWorkersTogether<Result>(count: number, argsOf: (index: number) => string[]): Promise<Result[]> {
  return runWorkers<Result>({
    script: path.join(packageFolder, 'test', 'fixtures', 'store-worker.ts'),
    nodeArgs: ['--conditions=@mlops-ts/source', '--import', tsxLoader],
    cwd: packageFolder,
    count,
    argsOf,
  });
}
