// The API's records as the page reads them; the core's types, with floats that may arrive as strings.
import type {
  ConfusionMatrix as CoreConfusionMatrix,
  DataDistribution,
  DataSet as CoreDataSet,
  Deployment,
  DeploymentTarget,
  Experiment,
  ExperimentKeys,
  ModelSchema,
  ModelVersion,
  PackageDependency,
  RegisteredModel,
  Run as CoreRun,
  RunArtifact,
} from '@mlops-ts/core';

export type { DataDistribution, Deployment, DeploymentTarget, Experiment, ExperimentKeys, ModelSchema, ModelVersion, PackageDependency, RegisteredModel, RunArtifact };

type JsonFloat = number | 'NaN' | 'Infinity' | '-Infinity';

export type Run = Omit<CoreRun, 'metrics'> & { metrics: Record<string, JsonFloat> };
export type ConfusionMatrix = Omit<CoreConfusionMatrix, 'precision' | 'recall'> & { precision: JsonFloat[]; recall: JsonFloat[] };
export type DataSet = CoreDataSet;

export interface MetricPoint {
  runId: string;
  key: string;
  value: JsonFloat;
  step: number;
  timestamp: number;
}

export interface RunSearchAnswer {
  runs: Run[];
  nextPageToken?: string;
  total?: number;
}

export interface Principal {
  name: string;
  scope: 'read' | 'write';
  isAuthenticated: boolean;
}

export interface ComparedValues<Value> {
  key: string;
  values: (Value | null)[];
  differs: boolean;
}

export interface RunComparison {
  runs: Omit<Run, 'params' | 'metrics' | 'tags'>[];
  params: ComparedValues<string>[];
  metrics: (ComparedValues<JsonFloat> & { deltas: (JsonFloat | null)[] })[];
  tags: ComparedValues<string>[];
}
