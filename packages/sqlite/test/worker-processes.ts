import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runWorkersTogether as runWorkers } from '@mlops-ts/provider-tests';

const packageFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Runs `count` copies of fixtures/store-worker.ts on one database file at the same moment. */
export function runWorkersTogether<Result>(mode: 'migrate' | 'open' | 'log' | 'alias', databasePath: string, count: number, extraArgsOf: (index: number) => string[] = () => []): Promise<Result[]> {
  return runWorkers<Result>({
    script: path.join(packageFolder, 'test', 'fixtures', 'store-worker.ts'),
    nodeArgs: ['--conditions=@mlops-ts/source', '--import', 'tsx'],
    cwd: packageFolder,
    count,
    argsOf: (index) => [mode, databasePath, String(index), ...extraArgsOf(index)],
  });
}
