// Start-up of the mlops command against a bare `node -e 0`: each command is a new process,
// so what it imports before answering is what a user waits for. Runs alternate with the
// baseline, and each figure is the median of its runs, so load from other processes falls on both.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { median, report, round, temporaryDirectory } from './lib.js';

const bin = fileURLToPath(new URL('../packages/cli/dist/bin.js', import.meta.url));
const rounds = 15;

/** Wall-clock milliseconds of one process, start to exit. */
function timeProcess(args, cwd) {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  const elapsed = performance.now() - start;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${result.status}: ${result.stderr}`);
  return elapsed;
}

export default async function benchCli() {
  if (!existsSync(bin)) {
    console.log(JSON.stringify({ figure: 'cli.startup', skipped: `${bin} is missing: build @mlops-ts/cli first (pnpm turbo run build --filter=@mlops-ts/cli...)` }));
    return;
  }
  const temp = temporaryDirectory('mlops-bench-cli-');
  try {
    const cwd = temp.directory;
    // 20 runs with params and metrics in the embedded default SQLite, as after a small sweep.
    for (let index = 0; index < 20; index++) {
      const runId = execFileSync(process.execPath, [bin, 'runs', 'create', 'sweep', '--param', `depth=${index}`], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      execFileSync(process.execPath, [bin, 'metrics', 'log', runId, 'accuracy', String(index / 20)], { cwd });
    }
    const commands = {
      'cli.startup.version': [bin, '--version'],
      'cli.startup.help': [bin, 'runs', 'list', '--help'],
      'cli.startup.runsList': [bin, 'runs', 'list', 'sweep', '--json'],
    };
    const baseline = [];
    const measured = Object.fromEntries(Object.keys(commands).map((figure) => [figure, []]));
    for (let round = 0; round < rounds; round++) {
      for (const [figure, args] of Object.entries(commands)) {
        baseline.push(timeProcess(['-e', '0'], cwd));
        measured[figure].push(timeProcess(args, cwd));
      }
    }
    const baselineMs = median(baseline);
    const targets = { 'cli.startup.version': 0.75, 'cli.startup.help': 0.6 };
    for (const [figure, times] of Object.entries(measured)) {
      const medianMs = median(times);
      report({ figure, ratio: baselineMs / medianMs, target: targets[figure], medianMs: round(medianMs, 1), baselineMs: round(baselineMs, 1), overheadMs: round(medianMs - baselineMs, 1), baseline: 'node -e 0' });
    }
  } finally {
    temp.remove();
  }
}

// `node cli.bench.js` runs it alone.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await benchCli();
