import { MLOpsError } from '../errors.js';
import type { ConfusionMatrix, DataDistribution, DataSet, ModelSchema, PackageDependency, RunArtifact } from '../spec/v1/index.js';
import { storeErrors } from '../store-errors.js';
import { byCreatedAtThenId, compareText, copy } from './in-memory-ordering.js';

/** The maps of the in-memory store that hold what a run has besides params, metrics and tags. */
export interface InMemoryRunRecordMaps {
  /** By run id. */
  readonly confusionMatrices: Map<string, ConfusionMatrix>;
  /** By run id. */
  readonly dataSets: Map<string, DataSet[]>;
  /** By artifact id. */
  readonly artifacts: Map<string, RunArtifact>;
  /** By run id. */
  readonly modelSchemas: Map<string, ModelSchema>;
  /** By run id. */
  readonly packageDependencies: Map<string, PackageDependency[]>;
}

/** How the records reach the store's runs: each throws NOT_FOUND for an unknown run, the second CONFLICT for a deleted one. */
export interface InMemoryRunChecks {
  requireRun(runId: string): void;
  requireWritableRun(runId: string): void;
}

/**
 * The in-memory store's confusion matrices, data sets, artifacts, model schemas and
 * package dependencies (the reference semantics of those `MetadataStoreV1` methods).
 */
export class InMemoryRunRecords {
  constructor(
    private readonly maps: InMemoryRunRecordMaps,
    private readonly runs: InMemoryRunChecks,
    private readonly providerId: string,
  ) {}

  saveConfusionMatrix(matrix: ConfusionMatrix): void {
    this.runs.requireWritableRun(matrix.runId);
    this.maps.confusionMatrices.set(matrix.runId, copy(matrix));
  }

  getConfusionMatrix(runId: string): ConfusionMatrix | null {
    this.runs.requireRun(runId);
    const matrix = this.maps.confusionMatrices.get(runId);
    return matrix ? copy(matrix) : null;
  }

  saveDataSet(dataSet: DataSet): void {
    this.runs.requireWritableRun(dataSet.runId);
    const dataSets = this.maps.dataSets.get(dataSet.runId) ?? [];
    const index = dataSets.findIndex((stored) => stored.name === dataSet.name);
    const saved = copy(dataSet);
    if (index === -1) {
      dataSets.push(saved);
    } else {
      if (saved.distributions.length === 0) saved.distributions = dataSets[index]!.distributions;
      dataSets[index] = saved;
    }
    this.maps.dataSets.set(dataSet.runId, dataSets);
  }

  saveDataDistribution(runId: string, dataSetName: string, distribution: DataDistribution): void {
    this.runs.requireWritableRun(runId);
    const dataSet = this.maps.dataSets.get(runId)?.find((stored) => stored.name === dataSetName);
    if (!dataSet) throw storeErrors.dataSetNotFound(runId, dataSetName, this.providerId);
    const index = dataSet.distributions.findIndex((stored) => stored.column === distribution.column);
    if (index === -1) dataSet.distributions.push(copy(distribution));
    else dataSet.distributions[index] = copy(distribution);
  }

  listDataSets(runId: string): DataSet[] {
    this.runs.requireRun(runId);
    return [...(this.maps.dataSets.get(runId) ?? [])].sort(byCreatedAtThenId).map(copy);
  }

  saveModelSchema(schema: ModelSchema): void {
    this.runs.requireWritableRun(schema.runId);
    this.maps.modelSchemas.set(schema.runId, copy(schema));
  }

  getModelSchema(runId: string): ModelSchema | null {
    this.runs.requireRun(runId);
    const schema = this.maps.modelSchemas.get(runId);
    return schema ? copy(schema) : null;
  }

  savePackageDependencies(runId: string, dependencies: Omit<PackageDependency, 'runId'>[]): void {
    this.runs.requireWritableRun(runId);
    const byName = new Map(dependencies.map(({ name, version }) => [name, { runId, name, version }]));
    this.maps.packageDependencies.set(runId, [...byName.values()]);
  }

  listPackageDependencies(runId: string): PackageDependency[] {
    this.runs.requireRun(runId);
    return [...(this.maps.packageDependencies.get(runId) ?? [])].sort((a, b) => compareText(a.name, b.name)).map(copy);
  }

  createRunArtifact(artifact: RunArtifact): void {
    this.runs.requireWritableRun(artifact.runId);
    for (const stored of this.maps.artifacts.values()) {
      if (stored.runId === artifact.runId && stored.name === artifact.name) {
        throw storeErrors.artifactExists(artifact.runId, artifact.name, this.providerId);
      }
    }
    if (this.maps.artifacts.has(artifact.id)) {
      throw new MLOpsError('CONFLICT', `A run artifact with id '${artifact.id}' is already stored. Generate a fresh id (uuidv7()) for each new record.`, {
        providerId: this.providerId,
      });
    }
    this.maps.artifacts.set(artifact.id, copy(artifact));
  }

  getRunArtifact(id: string): RunArtifact | null {
    const artifact = this.maps.artifacts.get(id);
    return artifact ? copy(artifact) : null;
  }

  listRunArtifacts(runId: string): RunArtifact[] {
    this.runs.requireRun(runId);
    return [...this.maps.artifacts.values()]
      .filter((artifact) => artifact.runId === runId)
      .sort(byCreatedAtThenId)
      .map(copy);
  }

  /** Forgets everything held for the run (purge). */
  deleteRun(runId: string): void {
    this.maps.confusionMatrices.delete(runId);
    this.maps.dataSets.delete(runId);
    this.maps.modelSchemas.delete(runId);
    this.maps.packageDependencies.delete(runId);
    for (const [id, artifact] of this.maps.artifacts) if (artifact.runId === runId) this.maps.artifacts.delete(id);
  }
}
