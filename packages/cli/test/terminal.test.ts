import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodes } from '../src/exit-codes.js';
import { runInTerminal } from './support/run-in-terminal.js';
import { runMlops, runMlopsJson, temporaryProject } from './support/run-mlops.js';

const hasScript = ['/usr/bin/script', '/bin/script'].some((file) => existsSync(file));
if (!hasScript) console.warn('SKIPPED: the terminal tests need util-linux script (apt-get install bsdutils) to open a pseudo-terminal.');

const escape = '\u001b[';
const project = temporaryProject();
const cwd = project.folder;
let runId: string;
beforeAll(async () => {
  runId = (await runMlops(['runs', 'create', 'iris', '--name', 'baseline'], { cwd })).stdout.trim();
  writeFileSync(path.join(cwd, 'model.onnx'), randomBytes(2 * 1024 * 1024));
});
afterAll(() => project.remove());

describe.skipIf(!hasScript)('on a terminal', () => {
  it('tables are coloured on a terminal (and never in a pipe)', async () => {
    const terminal = await runInTerminal(['runs', 'list', 'iris'], { cwd });
    expect(terminal.exitCode).toBe(0);
    expect(terminal.stdout).toContain(`${escape}1mSTATUS${escape}22m`);
    expect(terminal.stdout).toContain(`${escape}33mrunning${escape}39m`);
    expect((await runMlops(['runs', 'list', 'iris'], { cwd })).stdout).not.toContain(escape);
  });

  it('NO_COLOR and --no-color turn colour off on a terminal', async () => {
    for (const result of [await runInTerminal(['runs', 'list', 'iris'], { cwd, env: { NO_COLOR: '1' } }), await runInTerminal(['runs', 'list', 'iris', '--no-color'], { cwd })]) {
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toMatch(/STATUS/);
      expect(result.stdout).not.toContain(escape);
    }
  });

  it('upload and download show a progress bar with bytes, rate and ETA', async () => {
    const upload = await runInTerminal(['artifacts', 'upload', runId, 'model.onnx'], { cwd });
    expect(upload.exitCode, upload.stdout).toBe(0);
    expect(upload.stdout).toMatch(/model\.onnx █+ 100% 2\.1 MB \/ 2\.1 MB {2}[\d.]+ [kMG]?B\/s {2}ETA 0s/);
    expect(upload.stdout).toMatch(/Uploaded model\.onnx \(2\.1 MB/);
    const download = await runInTerminal(['artifacts', 'download', runId, '--out', 'copy.onnx'], { cwd });
    expect(download.exitCode, download.stdout).toBe(0);
    expect(download.stdout).toMatch(/model\.onnx █+ 100% 2\.1 MB \/ 2\.1 MB .*ETA 0s/);
    // In a pipe: no bar.
    const piped = await runMlops(['artifacts', 'download', runId, '--out', 'copy2.onnx'], { cwd });
    expect(piped.stderr).toBe('');
  });

  it('purge asks first on a terminal: no keeps everything, yes removes', async () => {
    const doomed = (await runMlops(['runs', 'create', 'iris'], { cwd })).stdout.trim();
    await runMlops(['runs', 'delete', doomed], { cwd });
    const declined = await runInTerminal(['purge'], { cwd, input: 'n\n' });
    expect(declined.stdout).toMatch(/Remove 1 deleted run and 0 deleted experiments for good, with their metrics, data and artifacts\? \[y\/N\]/);
    expect(declined.exitCode).toBe(exitCodes.CANCELLED);
    expect((await runMlopsJson<{ runs: unknown[] }>(['runs', 'list', 'iris', '--lifecycle', 'deleted'], { cwd })).runs).toHaveLength(1);
    const accepted = await runInTerminal(['purge'], { cwd, input: 'y\n' });
    expect(accepted.exitCode, accepted.stdout).toBe(0);
    expect(accepted.stdout).toMatch(/Purged 1 run and 0 experiments/);
    expect((await runMlopsJson<{ runs: unknown[] }>(['runs', 'list', 'iris', '--lifecycle', 'deleted'], { cwd })).runs).toHaveLength(0);
  });
});

describe('purge without a terminal', () => {
  it('refuses without --yes (exit status 10) and purges with it', async () => {
    const doomed = (await runMlops(['runs', 'create', 'iris'], { cwd })).stdout.trim();
    await runMlops(['runs', 'delete', doomed], { cwd });
    const refused = await runMlops(['purge'], { cwd });
    expect(refused.exitCode).toBe(exitCodes.CANCELLED);
    expect(refused.stderr).toMatch(/no terminal to ask on\. Add --yes/);
    const purged = await runMlopsJson(['purge', '--yes'], { cwd });
    expect(purged).toEqual({ runs: [doomed], experiments: [], blobs: 0 });
    expect((await runMlops(['purge', '--older-than', 'soon'], { cwd })).exitCode).toBe(exitCodes.USAGE);
  });
});
