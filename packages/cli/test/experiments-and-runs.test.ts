import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodes } from '../src/exit-codes.js';
import { runMlops, runMlopsJson, temporaryProject } from './support/run-mlops.js';

// Every test works on the embedded default (SQLite under ./mlops) of one temporary folder.
const project = temporaryProject();
const cwd = project.folder;
afterAll(() => project.remove());

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('experiments', () => {
  it('create-experiment: experiments create makes an experiment that experiments list shows', async () => {
    const created = await runMlops(['experiments', 'create', 'iris', '--description', 'Iris species', '--tag', 'team=vision'], { cwd });
    expect(created.exitCode, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/Created experiment iris \(/);

    const listed = await runMlops(['experiments', 'list'], { cwd });
    expect(listed.stdout).toMatch(/^NAME\s+ID\s+CREATED\s+TAGS$/m);
    expect(listed.stdout).toMatch(/^iris\s+[0-9a-f-]{36}\s+.*(now|second).*team=vision$/m);

    const json = await runMlopsJson<{ experiments: unknown[] }>(['experiments', 'list'], { cwd });
    expect(json.experiments).toEqual([expect.objectContaining({ name: 'iris', description: 'Iris species', tags: { team: 'vision' }, lifecycleStage: 'active', id: expect.stringMatching(uuid), createdAt: expect.any(Number) })]);
  });

  it('creating an experiment that exists changes nothing and says so, as MLOps.NET did', async () => {
    const result = await runMlops(['experiments', 'create', 'iris', '--description', 'other'], { cwd });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/Experiment iris exists already/);
    expect((await runMlopsJson<{ experiment: { description: string } }>(['experiments', 'show', 'iris'], { cwd })).experiment.description).toBe('Iris species');
  });

  it('rename, tag, delete and restore an experiment', async () => {
    await runMlopsJson(['experiments', 'create', 'scratch'], { cwd });
    expect((await runMlops(['experiments', 'rename', 'scratch', 'scratch-2'], { cwd })).stdout).toMatch(/Renamed experiment scratch to scratch-2/);
    expect((await runMlops(['experiments', 'tag', 'scratch-2', 'stage=research', 'owner=ada'], { cwd })).stdout).toMatch(/stage=research/);
    expect((await runMlops(['experiments', 'tag', 'scratch-2', '--delete', 'stage'], { cwd })).stdout).not.toMatch(/stage=/);

    expect((await runMlops(['experiments', 'delete', 'scratch-2'], { cwd })).exitCode).toBe(0);
    const active = await runMlopsJson<{ experiments: { name: string }[] }>(['experiments', 'list'], { cwd });
    expect(active.experiments.map((experiment) => experiment.name)).not.toContain('scratch-2');
    const deleted = await runMlopsJson<{ experiments: { name: string; tags: object }[] }>(['experiments', 'list', '--lifecycle', 'deleted'], { cwd });
    expect(deleted.experiments).toEqual([expect.objectContaining({ name: 'scratch-2', tags: { owner: 'ada' }, lifecycleStage: 'deleted' })]);

    expect((await runMlops(['experiments', 'restore', 'scratch-2'], { cwd })).exitCode).toBe(0);
    const shown = await runMlopsJson<{ experiment: { lifecycleStage: string }; runCount: number; keys: object }>(['experiments', 'show', 'scratch-2'], { cwd });
    expect(shown).toEqual({ experiment: expect.objectContaining({ name: 'scratch-2', lifecycleStage: 'active' }), runCount: 0, keys: { params: [], metrics: [], tags: [] } });
  });

  it('an unknown experiment is NOT_FOUND, exit status 4; with --json the error is JSON on stderr', async () => {
    const result = await runMlops(['experiments', 'show', 'nope', '--json'], { cwd });
    expect(result.exitCode).toBe(exitCodes.NOT_FOUND);
    expect(result.stdout).toBe('');
    expect((await runMlops(['experiments', 'show', 'nope'], { cwd })).stderr).toMatch(/^mlops: error: .*'nope'.*\n$/);
    expect(JSON.parse(result.stderr)).toEqual({ error: { code: 'NOT_FOUND', message: expect.stringContaining('nope') } });
  });
});

describe('runs', () => {
  const runIds: string[] = [];
  beforeAll(async () => {
    for (const [name, depth, accuracy] of [['shallow', '2', '0.81'], ['deep', '8', '0.93']] as const) {
      const created = await runMlops(['runs', 'create', 'iris', '--name', name, '--param', `depth=${depth}`, '--param', 'seed=1', '--tag', 'team=vision'], { cwd });
      expect(created.exitCode, created.stderr).toBe(0);
      const runId = created.stdout.trim();
      runIds.push(runId);
      await runMlops(['metrics', 'log', runId, 'accuracy', accuracy], { cwd });
      await runMlops(['runs', 'end', runId], { cwd });
    }
  });

  it('create-run: runs create prints the new run id alone on stdout, records params and tags', async () => {
    expect(runIds).toHaveLength(2);
    for (const runId of runIds) expect(runId).toMatch(uuid);
    const { run } = await runMlopsJson<{ run: { params: object; tags: Record<string, string>; status: string; name: string } }>(['runs', 'show', runIds[1]!], { cwd });
    expect(run).toMatchObject({ name: 'deep', status: 'finished', params: { depth: '8', seed: '1' }, metrics: { accuracy: 0.93 } });
    expect(run.tags.team).toBe('vision');
    // Not the command's own file: the entry script the core would record.
    expect(run.tags['mlops.source.name']).toBe('mlops runs create');
  });

  it('ls-runs: runs list shows a table of the runs with status and metrics', async () => {
    const result = await runMlops(['runs', 'list', 'iris'], { cwd });
    expect(result.exitCode).toBe(0);
    const [header, ...rows] = result.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+NAME\s+STATUS\s+STARTED\s+DURATION\s+ACCURACY$/);
    expect(rows).toHaveLength(2);
    expect(rows.find((row) => row.includes('deep'))).toMatch(new RegExp(`^${runIds[1]}\\s+deep\\s+finished\\s+.*0\\.93$`));

    const json = await runMlopsJson<{ runs: { id: string }[] }>(['runs', 'list', 'iris'], { cwd });
    expect(json.runs.map((run) => run.id).sort()).toEqual([...runIds].sort());
    expect(Object.keys(json.runs[0]!).sort()).toEqual(
      ['deletedAt', 'endTime', 'experimentId', 'gitCommit', 'id', 'lifecycleStage', 'metrics', 'name', 'params', 'parentRunId', 'startTime', 'status', 'tags', 'trainingTimeMs'].sort(),
    );
  });

  it('runs show --json has the documented shape', async () => {
    const details = await runMlopsJson(['runs', 'show', runIds[0]!], { cwd });
    expect(Object.keys(details).sort()).toEqual(['artifacts', 'confusionMatrix', 'dataSets', 'experiment', 'modelSchema', 'packageDependencies', 'run']);
    expect(details).toMatchObject({ experiment: { name: 'iris' }, artifacts: [], dataSets: [], modelSchema: null, confusionMatrix: null });
  });

  it('runs search filters and orders with the filter language', async () => {
    const found = await runMlopsJson<{ runs: { name: string }[]; nextPageToken: string | null }>(['runs', 'search', '--experiment', 'iris', '--filter', 'metrics.accuracy > 0.9'], { cwd });
    expect(found).toEqual({ runs: [expect.objectContaining({ name: 'deep' })], nextPageToken: null });
    const paged = await runMlopsJson<{ runs: { name: string }[]; nextPageToken: string | null }>(['runs', 'search', '--order-by', 'metrics.accuracy ASC', '--limit', '1'], { cwd });
    expect(paged.runs.map((run) => run.name)).toEqual(['shallow']);
    expect(paged.nextPageToken).toEqual(expect.any(String));
    const next = await runMlopsJson<{ runs: { name: string }[] }>(['runs', 'search', '--order-by', 'metrics.accuracy ASC', '--limit', '1', '--page-token', paged.nextPageToken!], { cwd });
    expect(next.runs.map((run) => run.name)).toEqual(['deep']);

    const bad = await runMlops(['runs', 'search', '--filter', 'metrics.accuracy >>> 1'], { cwd });
    expect(bad.exitCode).toBe(exitCodes.INVALID_ARGUMENT);
  });

  it('runs best picks by the latest metric value, both goals', async () => {
    expect((await runMlopsJson<{ name: string }>(['runs', 'best', 'iris', 'accuracy', '--maximize'], { cwd })).name).toBe('deep');
    expect((await runMlopsJson<{ name: string }>(['runs', 'best', 'iris', 'accuracy', '--minimize'], { cwd })).name).toBe('shallow');
    const human = await runMlops(['runs', 'best', 'iris', 'accuracy'], { cwd });
    expect(human.stdout).toContain(runIds[1]);
    expect(human.stdout).toMatch(/accuracy = 0\.93/);
  });

  it('runs compare marks the params that differ and gives metric deltas against the first run', async () => {
    const human = await runMlops(['runs', 'compare', ...runIds], { cwd });
    expect(human.exitCode, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/≠ depth\s+2\s+8/);
    expect(human.stdout).not.toMatch(/seed/); // the same in both: left out without --all
    expect(human.stdout).toMatch(/accuracy\s+0\.81\s+0\.93 \(\+0\.12\)/);
    expect((await runMlops(['runs', 'compare', ...runIds, '--all'], { cwd })).stdout).toMatch(/ {2}seed\s+1\s+1/);

    const json = await runMlopsJson<{ runs: unknown[]; params: unknown[]; metrics: { key: string; deltas: number[] }[] }>(['runs', 'compare', ...runIds], { cwd });
    expect(json.params).toContainEqual({ key: 'depth', values: ['2', '8'], differs: true });
    expect(json.metrics[0]).toMatchObject({ key: 'accuracy', values: [0.81, 0.93], differs: true });
    expect(json.metrics[0]!.deltas[1]).toBeCloseTo(0.12);
  });

  it('runs delete hides a run from lists, runs restore brings it back', async () => {
    const created = (await runMlops(['runs', 'create', 'iris', '--name', 'mistake'], { cwd })).stdout.trim();
    expect((await runMlops(['runs', 'delete', created], { cwd })).exitCode).toBe(0);
    expect((await runMlopsJson<{ runs: { id: string }[] }>(['runs', 'list', 'iris'], { cwd })).runs.map((run) => run.id)).not.toContain(created);
    expect((await runMlopsJson<{ runs: { id: string }[] }>(['runs', 'list', 'iris', '--lifecycle', 'deleted'], { cwd })).runs.map((run) => run.id)).toEqual([created]);
    const write = await runMlops(['metrics', 'log', created, 'accuracy', '1'], { cwd });
    expect(write.exitCode).toBe(exitCodes.CONFLICT);
    expect((await runMlops(['runs', 'restore', created], { cwd })).exitCode).toBe(0);
    expect((await runMlopsJson<{ runs: { id: string }[] }>(['runs', 'list', 'iris'], { cwd })).runs.map((run) => run.id)).toContain(created);
    const ended = await runMlopsJson<{ status: string }>(['runs', 'end', created, '--status', 'killed'], { cwd });
    expect(ended.status).toBe('killed');
  });

  it('an argument the parser refuses is a usage error, exit status 2', async () => {
    const result = await runMlops(['runs', 'end', 'x', '--status', 'exploded'], { cwd });
    expect(result.exitCode).toBe(exitCodes.USAGE);
    expect(result.stderr).toMatch(/Allowed choices are finished, failed, killed/);
    expect((await runMlops(['runs', 'lsit'], { cwd })).stderr).toMatch(/Did you mean list\?/);
  });
});
