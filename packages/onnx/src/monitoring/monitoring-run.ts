import type { MLOpsContext } from '@mlops-ts/core';

import type { DeployedModelInfo } from '../predictor/loaded-model.js';

/** Tags of a monitoring run, naming what it watches. */
export const monitoringRunTags = Object.freeze({
  model: 'mlops.monitoring.model',
  version: 'mlops.monitoring.version',
  modelVersionId: 'mlops.monitoring.model_version_id',
  target: 'mlops.monitoring.target',
});

/**
 * The run a served version's drift reports go to, and the step of its next report: the run
 * of the experiment of the version's run tagged with this version and target (so a restarted
 * server continues it), else a new one.
 */
export async function openMonitoringRun(mlops: MLOpsContext, info: DeployedModelInfo, given: string | undefined): Promise<{ runId: string; nextStep: number }> {
  if (given !== undefined) {
    const run = await mlops.lifecycle.getRun(given);
    return { runId: run.id, nextStep: await nextStepOf(mlops, run.id) };
  }
  const trainingRun = await mlops.lifecycle.getRun(info.runId);
  const target = info.target ?? '';
  const { runs } = await mlops.lifecycle.searchRuns({
    experiment: trainingRun.experimentId,
    filter: `tags.\`${monitoringRunTags.modelVersionId}\` = ${quoted(info.modelVersionId)} and tags.\`${monitoringRunTags.target}\` = ${quoted(target)}`,
    limit: 1,
  });
  if (runs[0]) return { runId: runs[0].id, nextStep: await nextStepOf(mlops, runs[0].id) };
  const run = await mlops.lifecycle.createRun(trainingRun.experimentId, {
    name: `monitoring ${info.model} v${info.version}${info.target === null ? '' : ` on ${info.target}`}`,
    tags: {
      [monitoringRunTags.model]: info.model,
      [monitoringRunTags.version]: String(info.version),
      [monitoringRunTags.modelVersionId]: info.modelVersionId,
      [monitoringRunTags.target]: target,
    },
  });
  return { runId: run.id, nextStep: 0 };
}

async function nextStepOf(mlops: MLOpsContext, runId: string): Promise<number> {
  const history = await mlops.evaluation.getMetricHistory(runId, 'drift.rows');
  return history.reduce((next, point) => Math.max(next, point.step + 1), 0);
}

/** A string literal of the filter language (backslash escapes). */
function quoted(value: string): string {
  return `'${value.replace(/[\\']/g, (char) => `\\${char}`)}'`;
}
