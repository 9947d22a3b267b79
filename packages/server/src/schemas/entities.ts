import { dataSetFields, deploymentTargetFields, experimentFields, limits, runArtifactFields, runFields } from '@mlops-ts/core';
import { Type, type TSchema } from 'typebox';
import { EpochMs, Name, NewId, SafeInteger, StoredTags, Tags, withoutControlCharacters } from './common-schemas.js';
import { entitySchema } from './field-schemas.js';
import { JsonFloat } from './json-float.js';

// Entities as the API sends and receives them. Scalar fields come from the core's field
// registries; ids and timestamps the core assigns are accepted when a client (such as
// @mlops-ts/remote) sends them, and filled in by the server when left out.

export const ExperimentInput = entitySchema(experimentFields, 'input', {
  extra: { tags: Tags },
  optional: ['id', 'createdAt', 'tags'],
  description: 'An experiment to create. id and createdAt: the server fills them in when left out.',
});
export const Experiment = entitySchema(experimentFields, 'output', { extra: { tags: StoredTags }, description: 'An experiment.' });
export const ExperimentList = Type.Object({ experiments: Type.Array(Experiment) });

export const RunInput = entitySchema(runFields, 'input', {
  extra: { tags: Tags },
  optional: ['id', 'status', 'startTime', 'tags'],
  description: "A run to create. id, status ('running') and startTime: the server fills them in when left out.",
});
export const Run = entitySchema(runFields, 'output', {
  extra: {
    tags: StoredTags,
    params: Type.Unsafe<Record<string, string>>({ type: 'object', additionalProperties: { type: 'string' } }),
    metrics: Type.Unsafe<Record<string, number>>({ type: 'object', additionalProperties: JsonFloat, description: 'The latest value of each metric.' }),
  },
  description: 'A run with its params, the latest value of each metric, and its tags.',
});
export const RunList = Type.Object({ runs: Type.Array(Run) });

/** Fields a run keeps from its creation on; every other registry field can be updated. */
export const immutableRunFields = ['id', 'experimentId', 'startTime', 'gitCommit', 'parentRunId'] as const;
export const RunUpdate = entitySchema(runFields, 'input', { omit: immutableRunFields, isPartial: true, description: 'The fields of a run to change; those left out stay as they are.' });

export const Param = Type.Object({ key: Name, value: Type.String({ maxLength: limits.paramValue }) }, { additionalProperties: false });
export const ParamBatch = Type.Object({ params: Type.Array(Param, { minItems: 1, maxItems: 10_000 }) }, { additionalProperties: false });

export const MetricInput = Type.Object(
  {
    runId: NewId,
    key: Name,
    value: JsonFloat,
    step: Type.Optional(SafeInteger),
    timestamp: Type.Optional(EpochMs),
  },
  { additionalProperties: false, description: 'One point of a metric. step defaults to 0, timestamp to the time the server receives it.' },
);
export const MetricBatch = Type.Object({ metrics: Type.Array(MetricInput, { minItems: 1, maxItems: 100_000 }) }, { additionalProperties: false });
export const Metric = Type.Object({ runId: Type.String(), key: Type.String(), value: JsonFloat, step: Type.Integer(), timestamp: Type.Integer() });
export const MetricHistory = Type.Object({ metrics: Type.Array(Metric) });

export const ConfusionMatrixInput = Type.Object(
  {
    labels: Type.Array(Type.String({ maxLength: limits.name }), { maxItems: 10_000 }),
    counts: Type.Array(Type.Array(Type.Integer({ minimum: 0 }), { maxItems: 10_000 }), { maxItems: 10_000 }),
    precision: Type.Array(JsonFloat, { maxItems: 10_000 }),
    recall: Type.Array(JsonFloat, { maxItems: 10_000 }),
  },
  { additionalProperties: false, description: 'A confusion matrix: counts[actual][predicted], with per-class precision and recall.' },
);
export const ConfusionMatrix = Type.Object({
  runId: Type.String(),
  labels: Type.Array(Type.String()),
  counts: Type.Array(Type.Array(Type.Integer())),
  precision: Type.Array(JsonFloat),
  recall: Type.Array(JsonFloat),
});

const CategoricalDistribution = Type.Object(
  {
    column: Type.String({ maxLength: limits.name }),
    kind: Type.Literal('categorical'),
    valueCounts: Type.Array(Type.Object({ value: Type.String(), count: Type.Integer({ minimum: 0 }) }, { additionalProperties: false })),
    otherCount: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
const NumericDistribution = Type.Object(
  {
    column: Type.String({ maxLength: limits.name }),
    kind: Type.Literal('numeric'),
    summary: Type.Object(
      { count: Type.Integer({ minimum: 0 }), nullCount: Type.Integer({ minimum: 0 }), min: JsonFloat, max: JsonFloat, mean: JsonFloat, stddev: JsonFloat },
      { additionalProperties: false },
    ),
    histogram: Type.Object({ binEdges: Type.Array(JsonFloat), counts: Type.Array(Type.Integer({ minimum: 0 })) }, { additionalProperties: false }),
    cdf: Type.Optional(
      Type.Object(
        { values: Type.Array(JsonFloat, { maxItems: 10_000 }), counts: Type.Array(Type.Integer({ minimum: 0 }), { maxItems: 10_000 }), isComplete: Type.Boolean() },
        { additionalProperties: false, description: 'The cumulative distribution drift tests read: counts[i] values are at most values[i].' },
      ),
    ),
  },
  { additionalProperties: false },
);
export const DataDistribution = Type.Union([CategoricalDistribution, NumericDistribution], { description: "One column's distribution." });
const DataColumn = Type.Object(
  { name: Type.String({ maxLength: limits.name }), type: Type.Union(['number', 'string', 'boolean', 'date', 'null', 'mixed'].map((type) => Type.Literal(type))) },
  { additionalProperties: false },
);
export const DataSetInput = entitySchema(dataSetFields, 'input', {
  extra: { columns: Type.Array(DataColumn, { maxItems: 100_000 }), distributions: Type.Array(DataDistribution, { maxItems: 100_000 }) },
  omit: ['runId'],
  optional: ['id', 'createdAt', 'distributions'],
  description: 'A data set of the run in the path. id and createdAt: the server fills them in when left out.',
});
export const DataSet = entitySchema(dataSetFields, 'output', { extra: { columns: Type.Array(DataColumn), distributions: Type.Array(DataDistribution) } });
export const DataSetList = Type.Object({ dataSets: Type.Array(DataSet) });
export const DataDistributionInput = Type.Object(
  { dataSetName: Type.String({ minLength: 1, maxLength: limits.name, pattern: withoutControlCharacters }), distribution: DataDistribution },
  { additionalProperties: false },
);

export const RunArtifactInput = entitySchema(runArtifactFields, 'input', {
  omit: ['runId'],
  optional: ['id', 'createdAt'],
  description: "An artifact's metadata, recorded after its bytes were stored under runs/<runId>/<name> (see the blob routes).",
});
export const RunArtifact = entitySchema(runArtifactFields, 'output', { description: "A run artifact's metadata." });
export const RunArtifactList = Type.Object({ artifacts: Type.Array(RunArtifact) });

const TensorSpec = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: limits.name }),
    elementType: Type.String({ minLength: 1, maxLength: limits.name }),
    shape: Type.Array(Type.Union([Type.Integer(), Type.String(), Type.Null()]), { maxItems: 64 }),
  },
  { additionalProperties: false },
);
export const ModelSchemaInput = Type.Object({ inputs: Type.Array(TensorSpec, { maxItems: 10_000 }), outputs: Type.Array(TensorSpec, { maxItems: 10_000 }) }, { additionalProperties: false });
export const ModelSchema = Type.Object({ runId: Type.String(), inputs: Type.Array(TensorSpec), outputs: Type.Array(TensorSpec) });

const PackageDependencyInput = Type.Object({ name: Name, version: Type.String({ minLength: 1, maxLength: limits.name }) }, { additionalProperties: false });
export const PackageDependenciesInput = Type.Object({ dependencies: Type.Array(PackageDependencyInput, { maxItems: 100_000 }) }, { additionalProperties: false });
export const PackageDependencyList = Type.Object({ dependencies: Type.Array(Type.Object({ runId: Type.String(), name: Type.String(), version: Type.String() })) });

export const DeploymentTargetInput = entitySchema(deploymentTargetFields, 'input', {
  optional: ['id', 'createdAt', 'isProduction'],
  description: 'A deployment target to create. id and createdAt: the server fills them in when left out.',
});
export const DeploymentTarget = entitySchema(deploymentTargetFields, 'output');
export const DeploymentTargetList = Type.Object({ deploymentTargets: Type.Array(DeploymentTarget) });

/** `?lifecycle=`: which experiments or runs a list returns. */
export const LifecycleQuery = Type.Object(
  { lifecycle: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('deleted'), Type.Literal('all')], { description: "'active' (the default), 'deleted' or 'all'." })) },
  { additionalProperties: false },
);

const comparedValues = (value: TSchema) => Type.Object({ key: Type.String(), values: Type.Array(Type.Union([value, Type.Null()])), differs: Type.Boolean() });
export const RunComparison = Type.Object({
  runs: Type.Array(entitySchema(runFields, 'output')),
  params: Type.Array(comparedValues(Type.String())),
  metrics: Type.Array(Type.Object({ key: Type.String(), values: Type.Array(Type.Union([JsonFloat, Type.Null()])), differs: Type.Boolean(), deltas: Type.Array(Type.Union([JsonFloat, Type.Null()])) })),
  tags: Type.Array(comparedValues(Type.String())),
});
