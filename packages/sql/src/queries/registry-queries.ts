import { deploymentFields, storeErrors, type Deployment, type DeploymentQuery } from '@mlops-ts/core';
import { columnValues, insertSql, mapRow, selectList } from '../entity-rows.js';
import type { Row } from '../row-mappers.js';
import type { SqlSession } from '../sql-session.js';
import { hasModelVersion } from './model-version-queries.js';

const insertDeploymentSql = insertSql('deployments', deploymentFields);

/**
 * Appends a deployment to the history. Call inside a write transaction.
 *
 * @throws MLOpsError NOT_FOUND when the target, registered model or version does not exist.
 */
export async function insertDeployment(session: SqlSession, deployment: Deployment): Promise<void> {
  if ((await session.first('SELECT 1 AS found FROM deployment_targets WHERE id = ?', [deployment.deploymentTargetId])) === undefined) {
    throw storeErrors.deploymentTargetNotFound(deployment.deploymentTargetId, session.providerId);
  }
  if ((await session.first('SELECT 1 AS found FROM registered_models WHERE id = ?', [deployment.registeredModelId])) === undefined) {
    throw storeErrors.registeredModelNotFound(deployment.registeredModelId, session.providerId);
  }
  if (deployment.modelVersionId !== null && !(await hasModelVersion(session, deployment.modelVersionId))) {
    throw storeErrors.modelVersionNotFound(`'${deployment.modelVersionId}'`, session.providerId);
  }
  await session.run(insertDeploymentSql, columnValues(deploymentFields, deployment));
}

/** Deployments matching every condition of the query, oldest first. */
export async function readDeployments(session: SqlSession, query: DeploymentQuery): Promise<Deployment[]> {
  const conditions: string[] = [];
  const params: string[] = [];
  if (query.registeredModelId !== undefined) {
    conditions.push('registered_model_id = ?');
    params.push(query.registeredModelId);
  }
  if (query.deploymentTargetId !== undefined) {
    conditions.push('deployment_target_id = ?');
    params.push(query.deploymentTargetId);
  }
  const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
  const rows = await session.all<Row>(`SELECT ${selectList(deploymentFields)} FROM deployments ${where} ORDER BY deployed_at, id`, params);
  return rows.map((row) => mapRow(deploymentFields, row));
}
