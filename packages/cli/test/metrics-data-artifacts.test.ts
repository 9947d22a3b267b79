import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodes } from '../src/exit-codes.js';
import { runMlops, runMlopsJson, temporaryProject } from './support/run-mlops.js';
import { openSeedContext } from './support/seed-context.js';

const project = temporaryProject();
const cwd = project.folder;
let runId: string;
beforeAll(async () => {
  runId = (await runMlops(['runs', 'create', 'iris'], { cwd })).stdout.trim();
  await using mlops = await openSeedContext(cwd);
  await mlops.evaluation.logConfusionMatrix(runId, { labels: ['setosa', 'versicolor'], counts: [[9, 1], [2, 8]] });
  const rows = Array.from({ length: 100 }, (_unused, index) => ({ petal: index / 10, species: index < 70 ? 'setosa' : 'versicolor' }));
  await mlops.data.logData(runId, rows, { name: 'train' });
  await mlops.data.logDataDistribution(runId, rows, 'petal', { bins: 5 });
  await mlops.data.logDataDistribution(runId, rows, 'species');
});
afterAll(() => project.remove());

describe('metrics', () => {
  it('metrics log records points that ls-metrics (metrics list) shows at their latest step', async () => {
    for (const [step, loss] of [[1, '0.9'], [2, '0.5'], [3, '0.7'], [4, '0.2']] as const) {
      expect((await runMlops(['metrics', 'log', runId, 'loss', loss, '--step', String(step)], { cwd })).exitCode).toBe(0);
    }
    await runMlops(['metrics', 'log', runId, 'perplexity', 'NaN'], { cwd });
    const human = await runMlops(['metrics', 'list', runId], { cwd });
    expect(human.stdout).toMatch(/^METRIC\s+VALUE$/m);
    expect(human.stdout).toMatch(/^loss\s+0\.2$/m);
    expect(human.stdout).toMatch(/^perplexity\s+NaN$/m);
    // NaN has no JSON number: it is written as the string "NaN".
    expect(await runMlopsJson(['metrics', 'list', runId], { cwd })).toEqual({ runId, metrics: { loss: 0.2, perplexity: 'NaN' } });
  });

  it('metrics history draws a sparkline of every point and gives the points as JSON', async () => {
    const human = await runMlops(['metrics', 'history', runId, 'loss'], { cwd });
    expect(human.stdout.split('\n')[0]).toBe('loss  █▄▆▁');
    expect(human.stdout).toMatch(/points:\s+4, steps 1–4/);
    expect(human.stdout).toMatch(/min:\s+0\.2/);
    const json = await runMlopsJson<{ points: { step: number; value: number; timestamp: number }[] }>(['metrics', 'history', runId, 'loss'], { cwd });
    expect(json).toEqual({ runId, key: 'loss', points: [0.9, 0.5, 0.7, 0.2].map((value, index) => ({ step: index + 1, value, timestamp: expect.any(Number) })) });
    expect((await runMlops(['metrics', 'history', runId, 'nope'], { cwd })).exitCode).toBe(exitCodes.NOT_FOUND);
  });

  it('a value that is not a number is a usage error', async () => {
    const result = await runMlops(['metrics', 'log', runId, 'loss', 'low'], { cwd });
    expect(result.exitCode).toBe(exitCodes.USAGE);
    expect(result.stderr).toMatch(/'low' is not a number/);
  });
});

describe('confusion matrix and data sets', () => {
  it('confusion-matrix prints actual rows against predicted columns with precision and recall', async () => {
    const human = await runMlops(['confusion-matrix', runId], { cwd });
    expect(human.stdout).toMatch(/actual \\ predicted\s+setosa\s+versicolor\s+PRECISION\s+RECALL/);
    expect(human.stdout).toMatch(/setosa\s+9\s+1\s+0\.818182\s+0\.9/);
    expect(await runMlopsJson(['confusion-matrix', runId], { cwd })).toMatchObject({ labels: ['setosa', 'versicolor'], counts: [[9, 1], [2, 8]] });
  });

  it('data shows the schema and each distribution as a bar chart', async () => {
    const human = await runMlops(['data', runId], { cwd });
    expect(human.exitCode, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^train {2}100 rows {2}sha256 [0-9a-f]{64}$/m);
    expect(human.stdout).toMatch(/^petal\s+number$/m);
    expect(human.stdout).toMatch(/^species \(categorical\)$/m);
    // 70 of 100 rows are setosa: the longest bar (30 cells); versicolor 30/70 of it.
    expect(human.stdout).toMatch(/^setosa\s+70\s+█{30}$/m);
    expect(human.stdout).toMatch(/^versicolor\s+30\s+█{12}▉$/m);
    expect(human.stdout).toMatch(/^petal \(numeric\) {2}count 100, nulls 0, min 0, max 9\.9/m);
    expect(human.stdout.match(/^\S+ – \S+\s+20\s+█{30}$/gm)).toHaveLength(5);

    const json = await runMlopsJson<{ dataSets: { name: string; distributions: unknown[] }[] }>(['data', runId, '--name', 'train'], { cwd });
    expect(json.dataSets).toEqual([expect.objectContaining({ name: 'train', rowCount: 100, columns: [{ name: 'petal', type: 'number' }, { name: 'species', type: 'string' }] })]);
    expect(json.dataSets[0]!.distributions).toHaveLength(2);
    expect((await runMlops(['data', runId, '--name', 'test'], { cwd })).stderr).toMatch(/no data set 'test'.*train/);
  });
});

describe('artifacts', () => {
  const content = randomBytes(300_000);
  const sha256 = createHash('sha256').update(content).digest('hex');

  it('ls-artifacts: an uploaded file is listed with size and hash, and downloads byte for byte', async () => {
    writeFileSync(path.join(cwd, 'model.onnx'), content);
    const uploaded = await runMlops(['artifacts', 'upload', runId, 'model.onnx', '--name', 'models/model.onnx'], { cwd });
    expect(uploaded.exitCode, uploaded.stderr).toBe(0);
    expect(uploaded.stdout).toMatch(/Uploaded models\/model\.onnx \(300 kB, sha256 [0-9a-f]{16}…\)/);
    // Not a terminal: no progress bar anywhere.
    expect(uploaded.stderr).toBe('');

    const listed = await runMlops(['artifacts', 'list', runId], { cwd });
    expect(listed.stdout).toMatch(/^NAME\s+SIZE\s+SHA-256\s+CREATED$/m);
    expect(listed.stdout).toMatch(new RegExp(`^models/model\\.onnx\\s+300 kB\\s+${sha256.slice(0, 16)}\\s+`, 'm'));
    expect(await runMlopsJson(['artifacts', 'list', runId], { cwd })).toEqual({ runId, artifacts: [expect.objectContaining({ name: 'models/model.onnx', sizeBytes: 300_000, sha256 })] });

    const downloaded = await runMlopsJson<{ path: string }>(['artifacts', 'download', runId, '--out', 'out/'], { cwd });
    expect(downloaded.path).toBe(path.join(cwd, 'out', 'model.onnx'));
    expect(readFileSync(downloaded.path).equals(content)).toBe(true);
  });

  it('download needs --name when the run has several artifacts, and refuses an unknown file on upload', async () => {
    writeFileSync(path.join(cwd, 'notes.txt'), 'notes');
    await runMlops(['artifacts', 'upload', runId, 'notes.txt'], { cwd });
    const ambiguous = await runMlops(['artifacts', 'download', runId], { cwd });
    expect(ambiguous.exitCode).toBe(exitCodes.INVALID_ARGUMENT);
    expect(ambiguous.stderr).toMatch(/has 2 artifacts \(.*\)\. Say which with --name/);
    expect((await runMlops(['artifacts', 'download', runId, '--name', 'notes.txt'], { cwd })).exitCode).toBe(0);
    expect(readFileSync(path.join(cwd, 'notes.txt'), 'utf8')).toBe('notes');
    const missing = await runMlops(['artifacts', 'upload', runId, 'missing.onnx'], { cwd });
    expect(missing.exitCode).toBe(exitCodes.NOT_FOUND);
    expect(missing.stderr).toMatch(/missing\.onnx does not exist/);
  });
});
