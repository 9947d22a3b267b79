import { MLOpsError, type Experiment, type MLOpsContext } from '@mlops-ts/core';
import { MlflowApiError } from './mlflow-errors.js';

/** MLflow's default experiment: clients that name no experiment log to id '0'. */
export const defaultExperiment = { id: '0', name: 'Default' } as const;

/**
 * Experiment ids as MLflow's clients see them: the core's ids, except that the experiment
 * named 'Default' is '0' both ways (created on first use, as MLflow always has it). One
 * instance per request: it remembers the Default experiment's id for that request only,
 * so replicas share no state.
 */
export class MlflowExperimentIds {
  #defaultId: Promise<string | null> | undefined;

  constructor(private readonly mlops: MLOpsContext) {}

  /** The MLflow id of an experiment. */
  mlflowIdOf(experiment: Experiment): string {
    return experiment.name === defaultExperiment.name ? defaultExperiment.id : experiment.id;
  }

  /** The MLflow id of the experiment with this core id (a run's `experimentId`). */
  async mlflowIdOfCoreId(experimentId: string): Promise<string> {
    return experimentId === (await this.#defaultExperimentId()) ? defaultExperiment.id : experimentId;
  }

  /**
   * The experiment an MLflow id names, deleted ones included; '0' is the Default
   * experiment, created when missing. RESOURCE_DOES_NOT_EXIST for an unknown id.
   */
  async resolve(mlflowId: string): Promise<Experiment> {
    if (mlflowId === defaultExperiment.id) return this.#defaultExperiment();
    // By id only: the catalog would also take a name, which MLflow's ids are not.
    const found = await this.mlops.metadataStore.getExperimentById(mlflowId);
    if (!found) throw experimentNotFound(mlflowId);
    return found;
  }

  /** The core id of an MLflow id, or null when there is no such experiment (never creates one). */
  async coreIdOf(mlflowId: string): Promise<string | null> {
    if (mlflowId === defaultExperiment.id) return this.#defaultExperimentId();
    return (await this.mlops.metadataStore.getExperimentById(mlflowId))?.id ?? null;
  }

  #defaultExperimentId(): Promise<string | null> {
    return (this.#defaultId ??= this.mlops.metadataStore.getExperimentByName(defaultExperiment.name).then((found) => found?.id ?? null));
  }

  async #defaultExperiment(): Promise<Experiment> {
    const found = await this.mlops.metadataStore.getExperimentByName(defaultExperiment.name);
    if (found) return found;
    try {
      return await this.mlops.lifecycle.createExperiment(defaultExperiment.name, { description: "MLflow's default experiment: runs of clients that name no experiment." });
    } catch (error) {
      // Created (and deleted) meanwhile by another request.
      const again = await this.mlops.metadataStore.getExperimentByName(defaultExperiment.name);
      if (again && MLOpsError.hasCode(error, 'CONFLICT')) return again;
      throw error;
    }
  }
}

function experimentNotFound(mlflowId: string): MlflowApiError {
  return new MlflowApiError('RESOURCE_DOES_NOT_EXIST', `No experiment with id '${mlflowId}' exists. Find experiments with experiments/search, or by name with experiments/get-by-name.`);
}

/** Where a run's artifacts are, for MLflow's clients: the proxied artifact API of this server. */
export function runArtifactUri(mlflowExperimentId: string, runId: string): string {
  return `mlflow-artifacts:/${mlflowExperimentId}/${runId}/artifacts`;
}

/** An experiment's `artifact_location`. */
export function experimentArtifactLocation(mlflowExperimentId: string): string {
  return `mlflow-artifacts:/${mlflowExperimentId}`;
}

/** A run artifact named by a path of the proxied artifact API, `<experiment id>/<run id>/artifacts/<name>`. */
export interface RunArtifactPath {
  mlflowExperimentId: string;
  runId: string;
  /** The artifact's name or folder inside the run, '' for the run's root. */
  name: string;
}

/** Reads `<experiment id>/<run id>/artifacts[/<name>]`; null for any other path. */
export function parseRunArtifactPath(path: string): RunArtifactPath | null {
  const segments = path.split('/').filter((segment) => segment !== '');
  const [mlflowExperimentId, runId, folder, ...rest] = segments;
  if (mlflowExperimentId === undefined || runId === undefined || folder !== 'artifacts') return null;
  return { mlflowExperimentId, runId, name: rest.join('/') };
}

/** What a model version's `source` names: a run and a path in its artifacts, or another version. */
export type ModelSourceReference = { kind: 'run-artifact'; runId: string; path: string; mlflowExperimentId?: string } | { kind: 'model-version'; uri: string };

/**
 * Reads a model version's `source`: `runs:/<run id>/<path>`,
 * `mlflow-artifacts:/<experiment id>/<run id>/artifacts/<path>` (with or without a host, or
 * as this server's `http(s)://…/api/2.0/mlflow-artifacts/artifacts/…` URL), or
 * `models:/<name>/<version>`. INVALID_PARAMETER_VALUE for anything else: a version here is
 * always a run's artifact.
 */
export function parseModelSource(source: string): ModelSourceReference {
  let url: URL | undefined;
  try {
    url = new URL(source);
  } catch {
    url = undefined;
  }
  if (url?.protocol === 'models:') return { kind: 'model-version', uri: source };
  const segments = url === undefined ? [] : decodeSegments(url.pathname);
  if (url?.protocol === 'runs:') {
    // runs:/<id>/<path> has an empty host; runs://<id>/<path> is read the same way.
    const all = url.host === '' ? segments : [decodeURIComponent(url.host), ...segments];
    const [runId, ...path] = all;
    if (runId !== undefined) return { kind: 'run-artifact', runId, path: path.join('/') };
  }
  let artifactSegments: string[] | undefined;
  if (url?.protocol === 'mlflow-artifacts:') artifactSegments = segments;
  if (url?.protocol === 'http:' || url?.protocol === 'https:') {
    const at = url.pathname.indexOf('/mlflow-artifacts/artifacts/');
    if (at >= 0) artifactSegments = decodeSegments(url.pathname.slice(at + '/mlflow-artifacts/artifacts/'.length));
  }
  const parsed = artifactSegments && parseRunArtifactPath(artifactSegments.join('/'));
  if (parsed) return { kind: 'run-artifact', runId: parsed.runId, path: parsed.name, mlflowExperimentId: parsed.mlflowExperimentId };
  throw new MlflowApiError(
    'INVALID_PARAMETER_VALUE',
    `The model source '${source.slice(0, 300)}' is not an artifact of a run on this server. Log the model to a run first, then register runs:/<run id>/<path> or the run's mlflow-artifacts:/ URI.`,
  );
}

function decodeSegments(pathname: string): string[] {
  return pathname
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        throw new MlflowApiError('INVALID_PARAMETER_VALUE', `The URI segment '${segment.slice(0, 100)}' is not valid percent-encoding. Encode each path segment once.`);
      }
    });
}
