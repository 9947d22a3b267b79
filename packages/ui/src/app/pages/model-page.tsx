import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'wouter';
import { api } from '../api/api-client.js';
import type { Deployment, DeploymentTarget, ModelVersion, RegisteredModel } from '../api/api-types.js';
import { usePrincipal } from '../auth/principal-context.js';
import { ConfirmButton } from '../components/confirm-dialog.js';
import { formatTime } from '../components/format.js';
import { QueryState } from '../components/query-state.js';

/** A registered model: its versions with aliases, tags, who registered them and the run each came from; set or move an alias. */
export function ModelPage({ registeredModelId }: { registeredModelId: string }) {
  const path = `/registered-models/${encodeURIComponent(registeredModelId)}`;
  const model = useQuery({ queryKey: ['registered-model', registeredModelId], queryFn: () => api<RegisteredModel>(path) });
  const versions = useQuery({ queryKey: ['versions', registeredModelId], queryFn: () => api<{ modelVersions: ModelVersion[] }>(`${path}/versions`) });
  const deployments = useQuery({ queryKey: ['deployments', registeredModelId], queryFn: () => api<{ deployments: Deployment[] }>(`/deployments?registeredModelId=${encodeURIComponent(registeredModelId)}`) });
  const targets = useQuery({ queryKey: ['targets'], queryFn: () => api<{ deploymentTargets: DeploymentTarget[] }>('/deployment-targets') });
  const servedBy = new Map<string, string[]>();
  const latestByTarget = new Map<string, Deployment>();
  for (const deployment of deployments.data?.deployments ?? []) latestByTarget.set(deployment.deploymentTargetId, deployment);
  for (const [targetId, deployment] of latestByTarget) {
    if (deployment.modelVersionId === null) continue;
    const name = targets.data?.deploymentTargets.find((target) => target.id === targetId)?.name ?? targetId;
    servedBy.set(deployment.modelVersionId, [...(servedBy.get(deployment.modelVersionId) ?? []), name]);
  }
  return (
    <main className="page">
      <p className="breadcrumbs">
        <Link href="/models">Models</Link> /
      </p>
      <QueryState query={model} what="the registered model">
        {(data) => (
          <>
            <h1>{data.name}</h1>
            {data.description ? <p>{data.description}</p> : null}
            <p>
              {Object.entries(data.tags).map(([key, value]) => (
                <span key={key} className="badge">
                  {key}={value}
                </span>
              ))}
            </p>
          </>
        )}
      </QueryState>
      <h2>Versions</h2>
      <QueryState query={versions} what="versions">
        {(data) => (
          <>
            <table className="plain" aria-label="Versions">
              <thead>
                <tr>
                  <th scope="col" className="number">Version</th>
                  <th scope="col">Aliases</th>
                  <th scope="col">Served by</th>
                  <th scope="col">Registered by</th>
                  <th scope="col">Registered</th>
                  <th scope="col">Run</th>
                  <th scope="col">Artifact</th>
                  <th scope="col">Tags</th>
                  <th scope="col">Description</th>
                </tr>
              </thead>
              <tbody>
                {[...data.modelVersions].sort((a, b) => b.version - a.version).map((version) => (
                  <tr key={version.id} data-version={version.version}>
                    <td className="number">{version.version}</td>
                    <td data-testid="aliases">
                      {version.aliases.map((alias) => (
                        <span key={alias} className="badge">
                          @{alias}
                        </span>
                      ))}
                    </td>
                    <td>{(servedBy.get(version.id) ?? []).join(', ')}</td>
                    <td>{version.registeredBy}</td>
                    <td>{formatTime(version.registeredAt)}</td>
                    <td>
                      <Link href={`/runs/${version.runId}`}>{version.runId.slice(0, 8)}</Link>
                    </td>
                    <td className="mono">{version.artifactPath}</td>
                    <td>
                      {Object.entries(version.tags)
                        .filter(([key]) => !key.startsWith('mlops.'))
                        .map(([key, value]) => (
                          <span key={key} className="badge">
                            {key}={value}
                          </span>
                        ))}
                    </td>
                    <td>{version.description ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <AliasEditor registeredModelId={registeredModelId} versions={data.modelVersions} />
          </>
        )}
      </QueryState>
    </main>
  );
}

/** Sets an alias on a version, or moves it there; removes one. Read-only tokens see nothing of this. */
function AliasEditor({ registeredModelId, versions }: { registeredModelId: string; versions: ModelVersion[] }) {
  const { canWrite } = usePrincipal();
  const queryClient = useQueryClient();
  const aliasId = useId();
  const versionId = useId();
  const [alias, setAlias] = useState('champion');
  const sorted = [...versions].sort((a, b) => b.version - a.version);
  const [chosen, setChosen] = useState(sorted[0]?.id ?? '');
  if (!canWrite || versions.length === 0) return null;
  const current = versions.find((version) => version.aliases.includes(alias.trim()));
  const target = versions.find((version) => version.id === chosen);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['versions', registeredModelId] });
  const aliasUrl = `/registered-models/${encodeURIComponent(registeredModelId)}/aliases/${encodeURIComponent(alias.trim())}`;
  return (
    <section aria-labelledby="alias-editor" className="card" style={{ marginTop: '1rem' }}>
      <h3 id="alias-editor">Set or move an alias</h3>
      <div className="toolbar">
        <div className="field">
          <label htmlFor={aliasId}>Alias</label>
          <input id={aliasId} type="text" value={alias} onChange={(event) => setAlias(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={versionId}>Version</label>
          <select id={versionId} value={chosen} onChange={(event) => setChosen(event.target.value)}>
            {sorted.map((version) => (
              <option key={version.id} value={version.id}>
                {version.version}
              </option>
            ))}
          </select>
        </div>
        <ConfirmButton
          label={current ? 'Move alias' : 'Set alias'}
          title="Confirm alias change"
          confirmLabel={current ? 'Move' : 'Set'}
          className="primary"
          disabled={alias.trim() === '' || target === undefined || current?.id === target.id}
          onConfirm={async () => {
            await api(aliasUrl, { method: 'PUT', body: { modelVersionId: chosen } });
            await refresh();
          }}
        >
          <p>
            {current ? `Move @${alias.trim()} from version ${current.version} to version ${target?.version}?` : `Point @${alias.trim()} at version ${target?.version}?`} Code that loads
            models:/…@{alias.trim()} gets that version from now on.
          </p>
        </ConfirmButton>
        {current ? (
          <ConfirmButton
            label="Delete alias"
            title="Confirm alias deletion"
            confirmLabel="Delete"
            className="danger"
            onConfirm={async () => {
              await api(aliasUrl, { method: 'DELETE' });
              await refresh();
            }}
          >
            <p>Delete @{alias.trim()} (now on version {current.version})? Loading models:/…@{alias.trim()} then fails.</p>
          </ConfirmButton>
        ) : null}
      </div>
    </section>
  );
}
