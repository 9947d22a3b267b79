import type { Experiment, MLOpsContext, Run, RunStatus } from '@mlops-ts/core';

/** One run of the fixed search data set. */
interface RunSpec {
  /** Run name and label in expectations; '∅' creates a run without a name. */
  name: string;
  experiment: 'vision' | 'nlp' | 'audio';
  /** Latest values; an array logs a history at steps 0, 5, 10 … (the last one is latest). */
  metrics?: Record<string, number | number[]>;
  params?: Record<string, string>;
  tags?: Record<string, string>;
  /** Default 'finished'; 'running' leaves the run open (end_time null). */
  status?: RunStatus;
  gitCommit?: string;
  /** Name of the parent run, created earlier. */
  parent?: string;
  trainingTimeMs?: number;
}

const nan = Number.NaN;
const infinity = Number.POSITIVE_INFINITY;

/** Label of the run created without a name. */
export const unnamedRun = '∅';

const visionRuns: RunSpec[] = ([
  { name: 'v01', metrics: { accuracy: 0.91, loss: 0.3 }, params: { lr: '0.01', optimizer: 'adam', layers: '50' }, tags: { owner: 'ada', stage: 'prod' }, gitCommit: 'abc123', trainingTimeMs: 1000 },
  { name: 'v02', metrics: { accuracy: 0.85, loss: 0.45 }, params: { lr: '0.1', optimizer: 'sgd', layers: '18' }, tags: { owner: 'bob' }, gitCommit: 'abc123', trainingTimeMs: 2000 },
  { name: 'v03', metrics: { accuracy: nan, loss: nan }, params: { lr: '0.01', optimizer: 'adam', layers: '50' }, tags: { owner: 'ada', note: 'diverged' }, status: 'failed', gitCommit: 'def456', trainingTimeMs: 500 },
  { name: 'v04', metrics: { accuracy: 0.91, loss: 0.25 }, params: { lr: '0.001', optimizer: 'adam', layers: '101' }, tags: { owner: 'Ada' }, gitCommit: 'def456', trainingTimeMs: 3000 },
  { name: 'v05', metrics: { accuracy: -0.5, loss: 2 }, params: { lr: '0.01', optimizer: 'SGD' }, status: 'killed' },
  { name: 'v06', metrics: { accuracy: 0.7 }, params: { lr: '0.05', optimizer: 'rmsprop' }, tags: { owner: 'carl', 'team name': 'x y' }, status: 'running' },
  { name: 'v07', metrics: { accuracy: 0.99, loss: 0.05 }, params: { lr: '1e-3', optimizer: 'adam' }, tags: { owner: 'ada', stage: 'dev' }, gitCommit: 'abc123', parent: 'v01', trainingTimeMs: 1500 },
  { name: 'v08', metrics: { accuracy: 0.95, loss: 0.1 }, params: { lr: '0.01', optimizer: 'adamw' }, tags: { owner: 'dora', note: '50% off' }, parent: 'v01', trainingTimeMs: 1200 },
  { name: 'v09', metrics: { loss: 0.9 }, params: { optimizer: 'adam' }, status: 'failed', trainingTimeMs: 100 },
  { name: 'v10', metrics: { accuracy: 0.6, loss: infinity }, params: { lr: '0.1', optimizer: 'sgd' }, tags: { owner: 'bob' }, parent: 'v02', trainingTimeMs: 800 },
  { name: 'v11', metrics: { accuracy: [0.99, 0.42], loss: 0.6 }, params: { lr: '0.01', optimizer: 'adam', 'lr.decay': '0.5' }, tags: { owner: 'eve' }, trainingTimeMs: 900 },
  { name: 'v12', metrics: { accuracy: 0, loss: 1 }, params: { lr: '0.01', optimizer: 'adam', "it's": 'yes' }, tags: { owner: 'ada_b' } },
  { name: 'v13', metrics: { accuracy: 0.88, loss: 0.35, 'f1 score': 0.8 }, params: { lr: '0.001', optimizer: 'adam' }, tags: { owner: 'zoë' }, trainingTimeMs: 1100 },
  { name: 'v14', metrics: { accuracy: 0.88, loss: -0.5 }, params: { lr: '0.1', optimizer: 'sgd' }, tags: { owner: 'Zoë' } },
  { name: 'v15', metrics: { accuracy: 1e-9, loss: 1e9 }, params: { lr: '10', optimizer: 'adam' }, tags: { owner: 'a%b' } },
  { name: unnamedRun, metrics: { accuracy: 0.5 } },
] as Omit<RunSpec, 'experiment'>[]).map((spec) => ({ ...spec, experiment: 'vision' as const }));

// n01 … n16: regular values, so expectations follow from the index.
const nlpRuns: RunSpec[] = Array.from({ length: 16 }, (_, zeroBased) => {
  const index = zeroBased + 1;
  return {
    name: `n${String(index).padStart(2, '0')}`,
    experiment: 'nlp' as const,
    metrics: { accuracy: (index * 5) / 100, loss: (100 - index * 5) / 100 },
    params: { lr: ['0.01', '0.1', '0.001'][index % 3]!, optimizer: index % 2 === 1 ? 'adam' : 'sgd' },
    tags: { owner: index % 2 === 1 ? 'fay' : 'gus', shard: String(index % 4) },
    status: index % 5 === 0 ? ('failed' as const) : ('finished' as const),
    gitCommit: index <= 8 ? 'aaa111' : 'bbb222',
    trainingTimeMs: index * 100,
  };
});

const audioRuns: RunSpec[] = ([
  { name: 'a01', metrics: { accuracy: 0.77 }, params: { lr: '0.01' }, tags: { owner: 'ada' } },
  { name: 'a02', metrics: { accuracy: 0.77 }, params: { lr: '0.01' }, tags: { owner: 'ada' } },
  { name: 'a03', metrics: { accuracy: nan }, tags: { owner: 'hal' }, status: 'failed' },
  { name: 'a04', status: 'running' },
  { name: 'a05', metrics: { accuracy: Number.NEGATIVE_INFINITY, loss: nan }, params: { lr: '0.1' }, status: 'killed' },
  { name: 'a06', metrics: { accuracy: 0.3 }, params: { lr: '0.001', optimizer: 'adam' }, tags: { owner: 'ada', stage: 'prod' }, parent: 'a01' },
  { name: 'a07', metrics: { accuracy: 0.6 }, params: { lr: '0.01' }, gitCommit: 'abc123' },
  { name: 'a08', metrics: { accuracy: 0.65 }, tags: { owner: 'ïvy' } },
] as Omit<RunSpec, 'experiment'>[]).map((spec) => ({ ...spec, experiment: 'audio' as const }));

/** The 40 runs, in creation order (so start_time and id ascend in this order). */
export const searchRunSpecs: readonly RunSpec[] = [...visionRuns, ...nlpRuns, ...audioRuns];

/** The data set as created: runs and experiments by label. */
export interface SearchFixture {
  runs: Map<string, Run>;
  experiments: Map<string, Experiment>;
  /** The label of a run (its name, or '∅'). */
  labelOf(run: Run): string;
}

/**
 * Creates the fixed data set through the public API: 3 experiments ('vision', 'nlp',
 * 'audio', created in that order) and 40 runs with params, metrics (NaN, ±Infinity,
 * negative, missing, a history whose latest point is not its maximum), tags, statuses,
 * parent runs and git commits. Start times strictly increase in creation order.
 */
export async function createSearchFixture(mlops: MLOpsContext): Promise<SearchFixture> {
  const experiments = new Map<string, Experiment>();
  const runs = new Map<string, Run>();
  const experimentSpecs = [
    ['vision', { description: 'images', tags: { team: 'vision', tier: 'gold' } }],
    ['nlp', { tags: { team: 'nlp' } }],
    ['audio', { description: 'speech 50%', tags: { team: 'Audio', tier: 'silver' } }],
  ] as const;
  for (const [name, options] of experimentSpecs) {
    experiments.set(name, await mlops.lifecycle.createExperiment(name, options));
    await nextMillisecond(experiments.get(name)!.createdAt);
  }
  const labels = new Map<string, string>();
  for (const spec of searchRunSpecs) {
    const created = await mlops.lifecycle.createRun(spec.experiment, {
      ...(spec.name === unnamedRun ? {} : { name: spec.name }),
      ...(spec.gitCommit ? { gitCommit: spec.gitCommit } : {}),
      ...(spec.parent ? { parentRunId: runs.get(spec.parent)!.id } : {}),
      ...(spec.tags ? { tags: spec.tags } : {}),
    });
    labels.set(created.id, spec.name);
    if (spec.params) await mlops.training.logHyperParameters(created.id, spec.params);
    for (const [key, value] of Object.entries(spec.metrics ?? {})) {
      const history = Array.isArray(value) ? value : [value];
      await mlops.evaluation.logMetrics(created.id, history.map((point, step) => ({ key, value: point, step: step * 5 })));
    }
    if (spec.trainingTimeMs !== undefined) await mlops.lifecycle.setTrainingTime(created.id, spec.trainingTimeMs);
    if ((spec.status ?? 'finished') !== 'running') await mlops.lifecycle.endRun(created.id, spec.status ?? 'finished');
    runs.set(spec.name, await mlops.lifecycle.getRun(created.id));
    await nextMillisecond(created.startTime);
  }
  return {
    runs,
    experiments,
    labelOf: (run) => labels.get(run.id) ?? run.name ?? `unknown run ${run.id}`,
  };
}

/** Waits until the clock passes `time`, so the next record gets a later timestamp. */
export async function nextMillisecond(time: number): Promise<void> {
  while (Date.now() <= time) await new Promise((resolve) => setTimeout(resolve, 1));
}
