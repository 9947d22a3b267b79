import { deploymentFields, registeredModelFields, storeErrors, type Deployment, type RegisteredModel } from '@mlops-ts/core';
import { columnValues, insertSql } from '../entity-rows.js';
import { toJson } from '../json-values.js';
import type { SqlSession } from '../sql-session.js';
import { requireExperiment, requireRun } from './run-queries.js';

const insertRegisteredModelSql = insertSql('registered_models', registeredModelFields, ['tags']);
const insertDeploymentSql = insertSql('deployments', deploymentFields);

/**
 * Inserts a registered model with the next version of its experiment. The dialect's
 * experiment lock (or SQLite's write lock) makes concurrent registrations on one
 * experiment take turns until commit, so `MAX(version) + 1` is never handed out twice;
 * the unique (experiment_id, version) constraint backs that up. Registered models are
 * never deleted, so a version is never reused. Call inside a write transaction.
 *
 * @throws MLOpsError NOT_FOUND when the experiment, run or artifact does not exist.
 */
export async function insertRegisteredModel(session: SqlSession, model: Omit<RegisteredModel, 'version'>): Promise<RegisteredModel> {
  await requireExperiment(session, model.experimentId);
  await requireRun(session, model.runId);
  if ((await session.first('SELECT 1 AS found FROM run_artifacts WHERE id = ?', [model.runArtifactId])) === undefined) {
    throw storeErrors.artifactNotFound(model.runArtifactId, session.providerId);
  }
  const { dialect } = session;
  if (!dialect.capabilities.writesSerialize) await session.run(dialect.lockExperimentSql!, [model.experimentId]);
  const [row] = await session.arrays('SELECT MAX(version) FROM registered_models WHERE experiment_id = ?', [model.experimentId]);
  const version = Number(row?.[0] ?? 0) + 1;
  const registered = { ...model, tags: { ...model.tags }, version };
  await session.run(insertRegisteredModelSql, [...columnValues(registeredModelFields, registered), toJson(model.tags)]);
  return registered;
}

/**
 * Appends a deployment to the history. Call inside a write transaction.
 *
 * @throws MLOpsError NOT_FOUND when the target, registered model or experiment does not exist.
 */
export async function insertDeployment(session: SqlSession, deployment: Deployment): Promise<void> {
  if ((await session.first('SELECT 1 AS found FROM deployment_targets WHERE id = ?', [deployment.deploymentTargetId])) === undefined) {
    throw storeErrors.deploymentTargetNotFound(deployment.deploymentTargetId, session.providerId);
  }
  if ((await session.first('SELECT 1 AS found FROM registered_models WHERE id = ?', [deployment.registeredModelId])) === undefined) {
    throw storeErrors.registeredModelNotFound(deployment.registeredModelId, session.providerId);
  }
  await requireExperiment(session, deployment.experimentId);
  await session.run(insertDeploymentSql, columnValues(deploymentFields, deployment));
}
