import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'wouter';
import { api } from '../api/api-client.js';
import type { Deployment, DeploymentTarget, ModelVersion, RegisteredModel } from '../api/api-types.js';
import { usePrincipal } from '../auth/principal-context.js';
import { ConfirmButton } from '../components/confirm-dialog.js';
import { formatTime } from '../components/format.js';

/**
 * What each target serves for each registered model, the history (who, when), and deploy,
 * undeploy and rollback for tokens that may write, each after a confirmation.
 */
export function DeploymentsPage() {
  const queryClient = useQueryClient();
  const { canWrite } = usePrincipal();
  const targets = useQuery({ queryKey: ['targets'], queryFn: () => api<{ deploymentTargets: DeploymentTarget[] }>('/deployment-targets') });
  const deployments = useQuery({ queryKey: ['deployments', 'all'], queryFn: () => api<{ deployments: Deployment[] }>('/deployments') });
  const models = useQuery({ queryKey: ['registered-models', 'all'], queryFn: () => api<{ registeredModels: RegisteredModel[] }>('/registered-models') });
  const modelList = models.data?.registeredModels ?? [];
  const versionLists = useQueries({
    queries: modelList.map((model) => ({ queryKey: ['versions', model.id], queryFn: () => api<{ modelVersions: ModelVersion[] }>(`/registered-models/${model.id}/versions`) })),
  });
  const versionById = new Map<string, ModelVersion>();
  for (const list of versionLists) for (const version of list.data?.modelVersions ?? []) versionById.set(version.id, version);
  const modelName = (id: string) => modelList.find((model) => model.id === id)?.name ?? id.slice(0, 8);
  const targetName = (id: string) => targets.data?.deploymentTargets.find((target) => target.id === id)?.name ?? id.slice(0, 8);
  const versionText = (id: string | null) => (id === null ? 'nothing (undeployed)' : versionById.has(id) ? `version ${versionById.get(id)!.version}` : id.slice(0, 8));

  const history = deployments.data?.deployments ?? [];
  const current = new Map<string, Deployment>();
  for (const deployment of history) current.set(`${deployment.deploymentTargetId}/${deployment.registeredModelId}`, deployment);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['deployments'] });
  const act = (action: 'undeploy' | 'rollback', deployment: Deployment) => async () => {
    await api(`/deployment-targets/${deployment.deploymentTargetId}/${action}`, { method: 'POST', body: { registeredModelId: deployment.registeredModelId } });
    await refresh();
  };

  return (
    <main className="page">
      <h1>Deployments</h1>
      <h2>What each target serves</h2>
      {targets.data?.deploymentTargets.length === 0 ? <p className="muted">No deployment target. Create one with mlops.deployment.createDeploymentTarget('Production').</p> : null}
      <table className="plain" aria-label="Served now">
        <thead>
          <tr>
            <th scope="col">Target</th>
            <th scope="col">Registered model</th>
            <th scope="col">Serves</th>
            <th scope="col">Deployed by</th>
            <th scope="col">When</th>
            {canWrite ? <th scope="col">Actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {[...current.values()].map((deployment) => (
            <tr key={deployment.id} data-target={targetName(deployment.deploymentTargetId)} data-model={modelName(deployment.registeredModelId)}>
              <td>
                {targetName(deployment.deploymentTargetId)}
                {targets.data?.deploymentTargets.find((target) => target.id === deployment.deploymentTargetId)?.isProduction ? <span className="badge">production</span> : null}
              </td>
              <td>
                <Link href={`/models/${deployment.registeredModelId}`}>{modelName(deployment.registeredModelId)}</Link>
              </td>
              <td data-testid="serves">{versionText(deployment.modelVersionId)}</td>
              <td>{deployment.deployedBy}</td>
              <td>{formatTime(deployment.deployedAt)}</td>
              {canWrite ? (
                <td>
                  <ConfirmButton label="Roll back" title="Confirm rollback" confirmLabel="Roll back" onConfirm={act('rollback', deployment)}>
                    <p>
                      Deploy again to {targetName(deployment.deploymentTargetId)} the version of {modelName(deployment.registeredModelId)} it served before?
                    </p>
                  </ConfirmButton>{' '}
                  {deployment.modelVersionId === null ? null : (
                    <ConfirmButton label="Undeploy" title="Confirm undeploy" confirmLabel="Undeploy" className="danger" onConfirm={act('undeploy', deployment)}>
                      <p>
                        Stop {targetName(deployment.deploymentTargetId)} serving {modelName(deployment.registeredModelId)} ({versionText(deployment.modelVersionId)})? Its copy is removed.
                      </p>
                    </ConfirmButton>
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {canWrite && modelList.length > 0 && (targets.data?.deploymentTargets.length ?? 0) > 0 ? (
        <DeployForm models={modelList} targets={targets.data!.deploymentTargets} versionsOf={(id) => versionLists[modelList.findIndex((model) => model.id === id)]?.data?.modelVersions ?? []} onDeployed={refresh} />
      ) : null}
      <h2>History</h2>
      <table className="plain" aria-label="Deployment history">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Target</th>
            <th scope="col">Registered model</th>
            <th scope="col">Version</th>
            <th scope="col">By</th>
          </tr>
        </thead>
        <tbody>
          {[...history].reverse().map((deployment) => (
            <tr key={deployment.id}>
              <td>{formatTime(deployment.deployedAt)}</td>
              <td>{targetName(deployment.deploymentTargetId)}</td>
              <td>{modelName(deployment.registeredModelId)}</td>
              <td>{versionText(deployment.modelVersionId)}</td>
              <td>{deployment.deployedBy}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}

function DeployForm({ models, targets, versionsOf, onDeployed }: { models: RegisteredModel[]; targets: DeploymentTarget[]; versionsOf: (id: string) => ModelVersion[]; onDeployed: () => Promise<unknown> }) {
  const ids = { model: useId(), version: useId(), target: useId() };
  const [modelId, setModelId] = useState(models[0]!.id);
  const versions = [...versionsOf(modelId)].sort((a, b) => b.version - a.version);
  const [versionId, setVersionId] = useState<string | null>(null);
  const [targetId, setTargetId] = useState(targets[0]!.id);
  const chosenVersion = versions.find((version) => version.id === versionId) ?? versions[0];
  const target = targets.find((candidate) => candidate.id === targetId);
  const model = models.find((candidate) => candidate.id === modelId);
  return (
    <section className="card" aria-labelledby="deploy-form" style={{ marginTop: '1rem' }}>
      <h3 id="deploy-form">Deploy a version</h3>
      <div className="toolbar">
        <div className="field">
          <label htmlFor={ids.model}>Registered model</label>
          <select id={ids.model} value={modelId} onChange={(event) => { setModelId(event.target.value); setVersionId(null); }}>
            {models.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.version}>Version</label>
          <select id={ids.version} value={chosenVersion?.id ?? ''} onChange={(event) => setVersionId(event.target.value)}>
            {versions.map((version) => (
              <option key={version.id} value={version.id}>
                {version.version}
                {version.aliases.length > 0 ? ` (@${version.aliases.join(', @')})` : ''}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.target}>Target</label>
          <select id={ids.target} value={targetId} onChange={(event) => setTargetId(event.target.value)}>
            {targets.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.name}
              </option>
            ))}
          </select>
        </div>
        <ConfirmButton
          label="Deploy"
          title="Confirm deployment"
          confirmLabel="Deploy"
          className="primary"
          disabled={chosenVersion === undefined}
          onConfirm={async () => {
            await api(`/deployment-targets/${targetId}/deploy`, { method: 'POST', body: { modelVersionId: chosenVersion!.id } });
            await onDeployed();
          }}
        >
          <p>
            Deploy {model?.name} version {chosenVersion?.version} to {target?.name}? It replaces what {target?.name} serves for {model?.name}
            {target?.isProduction ? ', a production target' : ''}.
          </p>
        </ConfirmButton>
      </div>
    </section>
  );
}
