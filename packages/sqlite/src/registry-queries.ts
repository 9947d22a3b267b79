import { storeErrors, type Deployment, type RegisteredModel } from '@mlops-ts/core';
import { toJson } from './row-mappers.js';
import { requireExperiment, requireRun } from './run-queries.js';
import type { SQLiteConnection } from './sqlite-connection.js';
import { sqliteProviderId } from './sqlite-errors.js';

// The next version is computed inside the INSERT, under the write lock that
// BEGIN IMMEDIATE holds, so no other connection or process can take the same version.
// Registered models are never deleted, so MAX + 1 never reuses a version.
const insertRegisteredModelSql = `
  INSERT INTO registered_models (id, experiment_id, run_id, run_artifact_id, version, registered_by, registered_at, description, tags)
  VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(version), 0) + 1 FROM registered_models WHERE experiment_id = ?), ?, ?, ?, ?)
  RETURNING version`;

const insertDeploymentSql = `
  INSERT INTO deployments (id, deployment_target_id, registered_model_id, experiment_id, deployed_by, deployed_at, uri)
  VALUES (?, ?, ?, ?, ?, ?, ?)`;

/**
 * Inserts a registered model with the next version of its experiment. Call inside a
 * write transaction.
 *
 * @throws MLOpsError NOT_FOUND when the experiment, run or artifact does not exist.
 */
export function insertRegisteredModel(connection: SQLiteConnection, model: Omit<RegisteredModel, 'version'>): RegisteredModel {
  requireExperiment(connection, model.experimentId);
  requireRun(connection, model.runId);
  if (!connection.statement('SELECT 1 FROM run_artifacts WHERE id = ?').get(model.runArtifactId)) {
    throw storeErrors.artifactNotFound(model.runArtifactId, sqliteProviderId);
  }
  const { version } = connection
    .statement(insertRegisteredModelSql)
    .get(
      model.id,
      model.experimentId,
      model.runId,
      model.runArtifactId,
      model.experimentId,
      model.registeredBy,
      model.registeredAt,
      model.description,
      toJson(model.tags),
    ) as { version: number };
  return { ...model, version };
}

/**
 * Appends a deployment to the history. Call inside a write transaction.
 *
 * @throws MLOpsError NOT_FOUND when the target, registered model or experiment does not exist.
 */
export function insertDeployment(connection: SQLiteConnection, deployment: Deployment): void {
  if (!connection.statement('SELECT 1 FROM deployment_targets WHERE id = ?').get(deployment.deploymentTargetId)) {
    throw storeErrors.deploymentTargetNotFound(deployment.deploymentTargetId, sqliteProviderId);
  }
  if (!connection.statement('SELECT 1 FROM registered_models WHERE id = ?').get(deployment.registeredModelId)) {
    throw storeErrors.registeredModelNotFound(deployment.registeredModelId, sqliteProviderId);
  }
  requireExperiment(connection, deployment.experimentId);
  connection
    .statement(insertDeploymentSql)
    .run(
      deployment.id,
      deployment.deploymentTargetId,
      deployment.registeredModelId,
      deployment.experimentId,
      deployment.deployedBy,
      deployment.deployedAt,
      deployment.uri,
    );
}
