import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);

it('flushes pending metrics when the process exits normally without close()', async () => {
  const script = fileURLToPath(new URL('./fixtures/exit-without-close.ts', import.meta.url));
  const tsx = createRequire(import.meta.url).resolve('tsx');
  const { stdout } = await run(process.execPath, ['--conditions=@mlops-ts/source', '--import', tsx, script]);
  expect(stdout.trim()).toBe('stored 250');
});
