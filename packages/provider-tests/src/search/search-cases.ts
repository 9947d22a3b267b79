import type { SearchFixture } from './search-fixture.js';

/** One row of the conformance table: a search and the run labels it must return, in order. */
export interface RunSearchCase {
  /** Experiment names to search; undefined searches all experiments. */
  experiments?: string[];
  /** The filter text, or a function of the fixture for ids and times. */
  filter?: string | ((fixture: SearchFixture) => string);
  orderBy?: string[];
  /** Run labels (names) in the exact expected order. */
  expected: string[];
}

const byStart = ['attributes.start_time'];
const vision = ['vision'];

/** Comparisons, NaN and missing keys on metrics. */
export const metricCases: RunSearchCase[] = [
  { experiments: vision, filter: 'metrics.accuracy > 0.9', orderBy: ['metrics.accuracy DESC'], expected: ['v07', 'v08', 'v01', 'v04'] },
  { experiments: vision, filter: 'metrics.accuracy = 0.91', orderBy: byStart, expected: ['v01', 'v04'] },
  {
    experiments: vision,
    filter: 'metrics.accuracy != 0.91',
    orderBy: byStart,
    expected: ['v02', 'v05', 'v06', 'v07', 'v08', 'v10', 'v11', 'v12', 'v13', 'v14', 'v15', '∅'],
  },
  { experiments: vision, filter: 'metrics.accuracy <= 0', orderBy: byStart, expected: ['v05', 'v12'] },
  { experiments: vision, filter: 'metrics.accuracy < 0', expected: ['v05'] },
  { experiments: vision, filter: 'metrics.accuracy IS NULL', expected: ['v09'] },
  {
    experiments: vision,
    filter: 'metrics.accuracy is not null',
    orderBy: byStart,
    expected: ['v01', 'v02', 'v03', 'v04', 'v05', 'v06', 'v07', 'v08', 'v10', 'v11', 'v12', 'v13', 'v14', 'v15', '∅'],
  },
  { experiments: vision, filter: 'metrics.loss > 1', orderBy: byStart, expected: ['v05', 'v10', 'v15'] },
  { experiments: vision, filter: 'metrics.loss < 0', expected: ['v14'] },
  { experiments: vision, filter: 'metrics.loss IN (0.05, 0.1, 2)', orderBy: byStart, expected: ['v05', 'v07', 'v08'] },
  {
    experiments: vision,
    filter: 'metrics.loss NOT IN (0.05, 0.1, 2)',
    orderBy: byStart,
    expected: ['v01', 'v02', 'v04', 'v09', 'v10', 'v11', 'v12', 'v13', 'v14', 'v15'],
  },
  { experiments: vision, filter: 'metrics.accuracy > 0.98', expected: ['v07'] },
  { experiments: vision, filter: 'metrics.accuracy = 0.42', expected: ['v11'] },
  { experiments: vision, filter: 'metrics.`f1 score` >= 0.8', expected: ['v13'] },
  { experiments: vision, filter: 'metrics.accuracy < 1e-6 and metrics.accuracy > 0', expected: ['v15'] },
  { experiments: vision, filter: 'metrics.loss > 1.5e300', expected: ['v10'] },
  { experiments: ['audio'], filter: 'metrics.accuracy < 0.5', orderBy: byStart, expected: ['a05', 'a06'] },
  { experiments: ['audio'], filter: 'metrics.loss IS NOT NULL', expected: ['a05'] },
  { experiments: ['audio'], filter: 'metrics.loss != 0', expected: [] },
  { experiments: ['nlp'], filter: 'metrics.accuracy > 0.6', orderBy: ['metrics.accuracy DESC'], expected: ['n16', 'n15', 'n14', 'n13'] },
];

/** Params and tags: equality, LIKE, ILIKE, IN, quoted keys, unicode. */
export const textCases: RunSearchCase[] = [
  { experiments: vision, filter: "params.lr = '0.01'", orderBy: byStart, expected: ['v01', 'v03', 'v05', 'v08', 'v11', 'v12'] },
  { experiments: vision, filter: "params.lr != '0.01'", orderBy: byStart, expected: ['v02', 'v04', 'v06', 'v07', 'v10', 'v13', 'v14', 'v15'] },
  { experiments: vision, filter: "params.lr IN ('0.001', '1e-3')", orderBy: byStart, expected: ['v04', 'v07', 'v13'] },
  { experiments: vision, filter: "params.lr NOT IN ('0.01', '0.1')", orderBy: byStart, expected: ['v04', 'v06', 'v07', 'v13', 'v15'] },
  {
    experiments: vision,
    filter: "params.optimizer LIKE 'adam%'",
    orderBy: byStart,
    expected: ['v01', 'v03', 'v04', 'v07', 'v08', 'v09', 'v11', 'v12', 'v13', 'v15'],
  },
  { experiments: vision, filter: "params.optimizer LIKE 'sgd'", orderBy: byStart, expected: ['v02', 'v10', 'v14'] },
  { experiments: vision, filter: "params.optimizer ILIKE 'sgd'", orderBy: byStart, expected: ['v02', 'v05', 'v10', 'v14'] },
  { experiments: vision, filter: "params.optimizer LIKE 'adam_'", expected: ['v08'] },
  { experiments: vision, filter: 'params.lr IS NULL', orderBy: byStart, expected: ['v09', '∅'] },
  { experiments: vision, filter: 'params."lr.decay" = \'0.5\'', expected: ['v11'] },
  { experiments: vision, filter: "params.`it's` = 'yes'", expected: ['v12'] },
  { experiments: vision, filter: "tags.owner = 'ada'", orderBy: byStart, expected: ['v01', 'v03', 'v07'] },
  { experiments: vision, filter: "tags.owner ILIKE 'ada'", orderBy: byStart, expected: ['v01', 'v03', 'v04', 'v07'] },
  { experiments: vision, filter: "tags.owner LIKE 'ada%'", orderBy: byStart, expected: ['v01', 'v03', 'v07', 'v12'] },
  { experiments: vision, filter: "tags.owner LIKE 'ada\\\\_%'", expected: ['v12'] },
  { experiments: vision, filter: "tags.owner LIKE 'a\\\\%b'", expected: ['v15'] },
  { experiments: vision, filter: "tags.owner LIKE 'a%b'", orderBy: byStart, expected: ['v12', 'v15'] },
  { experiments: vision, filter: "tags.owner ILIKE 'ZOË'", orderBy: byStart, expected: ['v13', 'v14'] },
  { experiments: vision, filter: "tags.owner LIKE 'zo_'", expected: ['v13'] },
  {
    experiments: vision,
    filter: "tags.owner != 'ada'",
    orderBy: byStart,
    expected: ['v02', 'v04', 'v06', 'v08', 'v10', 'v11', 'v12', 'v13', 'v14', 'v15'],
  },
  { experiments: vision, filter: 'tags.owner IS NULL', orderBy: byStart, expected: ['v05', 'v09', '∅'] },
  { experiments: vision, filter: "tags.note LIKE '%\\\\%%'", expected: ['v08'] },
  { experiments: vision, filter: "tags.`team name` = 'x y'", expected: ['v06'] },
  { experiments: ['audio'], filter: "tags.owner ILIKE 'ÏVY'", expected: ['a08'] },
  { experiments: ['nlp'], filter: "tags.shard IN ('0')", orderBy: byStart, expected: ['n04', 'n08', 'n12', 'n16'] },
  { experiments: ['nlp'], filter: "params.lr = '0.1' and params.optimizer = 'adam'", orderBy: byStart, expected: ['n01', 'n07', 'n13'] },
];

/** Attributes: status, times, commits, parents, ids, names. */
export const attributeCases: RunSearchCase[] = [
  { experiments: vision, filter: "attributes.status = 'failed'", orderBy: byStart, expected: ['v03', 'v09'] },
  { experiments: vision, filter: "status IN ('KILLED', 'running')", orderBy: byStart, expected: ['v05', 'v06'] },
  { experiments: vision, filter: "attributes.status != 'finished'", orderBy: byStart, expected: ['v03', 'v05', 'v06', 'v09'] },
  { experiments: vision, filter: 'attributes.end_time IS NULL', expected: ['v06'] },
  { experiments: vision, filter: 'attributes.training_time >= 1000', orderBy: byStart, expected: ['v01', 'v02', 'v04', 'v07', 'v08', 'v13'] },
  { experiments: vision, filter: 'attributes.training_time IS NULL', orderBy: byStart, expected: ['v05', 'v06', 'v12', 'v14', 'v15', '∅'] },
  { experiments: vision, filter: "attributes.git_commit = 'abc123'", orderBy: byStart, expected: ['v01', 'v02', 'v07'] },
  { experiments: vision, filter: "attributes.git_commit LIKE 'def%'", orderBy: byStart, expected: ['v03', 'v04'] },
  { experiments: vision, filter: (fixture) => `attributes.parent_run_id = '${fixture.runs.get('v01')!.id}'`, orderBy: byStart, expected: ['v07', 'v08'] },
  { experiments: vision, filter: 'attributes.parent_run_id IS NOT NULL', orderBy: byStart, expected: ['v07', 'v08', 'v10'] },
  {
    experiments: vision,
    filter: (fixture) => `attributes.run_id IN ('${fixture.runs.get('v05')!.id}', '${fixture.runs.get('v02')!.id}')`,
    orderBy: byStart,
    expected: ['v02', 'v05'],
  },
  { experiments: vision, filter: "attributes.name LIKE 'v1%'", orderBy: byStart, expected: ['v10', 'v11', 'v12', 'v13', 'v14', 'v15'] },
  { experiments: vision, filter: 'attributes.name IS NULL', expected: ['∅'] },
  { experiments: vision, filter: (fixture) => `attributes.start_time > ${fixture.runs.get('v14')!.startTime}`, orderBy: byStart, expected: ['v15', '∅'] },
  { experiments: ['nlp'], filter: "attributes.git_commit = 'bbb222' and attributes.training_time < 1200", orderBy: byStart, expected: ['n09', 'n10', 'n11'] },
  { experiments: ['nlp'], filter: "attributes.status = 'failed'", orderBy: byStart, expected: ['n05', 'n10', 'n15'] },
];

/** and/or/parentheses, and searches across experiments. */
export const logicCases: RunSearchCase[] = [
  {
    experiments: vision,
    filter: "metrics.accuracy > 0.8 and params.optimizer = 'adam'",
    orderBy: ['metrics.accuracy DESC'],
    expected: ['v07', 'v01', 'v04', 'v13'],
  },
  {
    experiments: vision,
    filter: "metrics.accuracy > 0.9 or tags.owner = 'bob' and attributes.status = 'finished'",
    orderBy: byStart,
    expected: ['v01', 'v02', 'v04', 'v07', 'v08', 'v10'],
  },
  { experiments: vision, filter: "(metrics.accuracy > 0.9 OR tags.owner = 'bob') AND params.lr = '0.01'", orderBy: byStart, expected: ['v01', 'v08'] },
  { experiments: vision, filter: 'metrics.loss IS NULL or metrics.loss > 100', orderBy: byStart, expected: ['v06', 'v10', 'v15', '∅'] },
  { experiments: vision, filter: "metrics.accuracy = 0.91 AND (params.lr = '0.001' OR tags.stage = 'prod')", orderBy: byStart, expected: ['v01', 'v04'] },
  { filter: "tags.owner = 'ada'", orderBy: byStart, expected: ['v01', 'v03', 'v07', 'a01', 'a02', 'a06'] },
  {
    experiments: ['vision', 'audio'],
    filter: 'metrics.accuracy >= 0.77',
    orderBy: ['metrics.accuracy DESC'],
    expected: ['v07', 'v08', 'v01', 'v04', 'v13', 'v14', 'v02', 'a01', 'a02'],
  },
  { experiments: ['nlp', 'audio'], filter: "tags.stage = 'prod' or tags.shard = '3' and metrics.accuracy > 0.5", orderBy: byStart, expected: ['n11', 'n15', 'a06'] },
];

/** Ordering: values, then NaN, then missing, in both directions; ties by id. */
export const orderCases: RunSearchCase[] = [
  {
    experiments: vision,
    orderBy: ['metrics.accuracy DESC'],
    expected: ['v07', 'v08', 'v01', 'v04', 'v13', 'v14', 'v02', 'v06', 'v10', '∅', 'v11', 'v15', 'v12', 'v05', 'v03', 'v09'],
  },
  {
    experiments: vision,
    orderBy: ['metrics.accuracy ASC'],
    expected: ['v05', 'v12', 'v15', 'v11', '∅', 'v10', 'v06', 'v02', 'v13', 'v14', 'v01', 'v04', 'v08', 'v07', 'v03', 'v09'],
  },
  {
    experiments: vision,
    orderBy: ['metrics.loss desc'],
    expected: ['v10', 'v15', 'v05', 'v12', 'v09', 'v11', 'v02', 'v13', 'v01', 'v04', 'v08', 'v07', 'v14', 'v03', 'v06', '∅'],
  },
  {
    experiments: vision,
    orderBy: ['params.lr', 'attributes.start_time DESC'],
    expected: ['v13', 'v04', 'v12', 'v11', 'v08', 'v05', 'v03', 'v01', 'v06', 'v14', 'v10', 'v02', 'v15', 'v07', '∅', 'v09'],
  },
  {
    experiments: vision,
    orderBy: ['tags.owner DESC'],
    expected: ['v13', 'v11', 'v08', 'v06', 'v02', 'v10', 'v12', 'v01', 'v03', 'v07', 'v15', 'v14', 'v04', 'v05', 'v09', '∅'],
  },
  {
    experiments: vision,
    orderBy: ['attributes.status', 'metrics.accuracy DESC'],
    expected: ['v03', 'v09', 'v07', 'v08', 'v01', 'v04', 'v13', 'v14', 'v02', 'v10', '∅', 'v11', 'v15', 'v12', 'v05', 'v06'],
  },
  {
    experiments: vision,
    filter: "attributes.training_time IS NOT NULL or attributes.status = 'killed'",
    orderBy: ['attributes.training_time DESC'],
    expected: ['v04', 'v02', 'v07', 'v08', 'v13', 'v01', 'v11', 'v10', 'v03', 'v09', 'v05'],
  },
  {
    experiments: vision,
    orderBy: ['attributes.name DESC'],
    expected: ['v15', 'v14', 'v13', 'v12', 'v11', 'v10', 'v09', 'v08', 'v07', 'v06', 'v05', 'v04', 'v03', 'v02', 'v01', '∅'],
  },
  { experiments: vision, filter: "attributes.status != 'finished'", orderBy: ['attributes.end_time'], expected: ['v03', 'v05', 'v09', 'v06'] },
  { experiments: ['audio'], expected: ['a08', 'a07', 'a06', 'a05', 'a04', 'a03', 'a02', 'a01'] },
  { experiments: ['audio'], filter: 'metrics.accuracy IS NOT NULL', orderBy: ['metrics.accuracy'], expected: ['a05', 'a06', 'a07', 'a08', 'a01', 'a02', 'a03'] },
  { experiments: ['audio'], orderBy: ['attributes.run_id DESC'], expected: ['a08', 'a07', 'a06', 'a05', 'a04', 'a03', 'a02', 'a01'] },
];

/** Filters the parser must reject with INVALID_ARGUMENT, before any store sees them. */
export const invalidFilters: string[] = [
  'metrics.accuracy accuracy',
  'accuracy > 0.9',
  "metrics.accuracy > '0.9'",
  'params.lr = 0.01',
  "params.lr > '0.01'",
  "attributes.status = 'done'",
  'attributes.colour = 1',
  '(metrics.a > 1',
  "tags.a = 'open",
  'metrics.a > 1e999',
  "metrics.a = 1; DROP TABLE runs; --",
  "params.lr = '0.01' OR 1=1",
  "tags.x LIKE 'C:\\path'",
  `${'('.repeat(101)}metrics.a > 1${')'.repeat(101)}`,
  `metrics.a > ${'9'.repeat(10_001)}`,
];
