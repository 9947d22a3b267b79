import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api, apiOrNull } from '../api/api-client.js';
import type { ConfusionMatrix, DataSet, Experiment, ModelSchema, PackageDependency, Run, RunArtifact } from '../api/api-types.js';
import { ChartControls, useChartSettings } from '../charts/chart-settings.js';
import { MetricChart } from '../charts/metric-chart.js';
import { formatDuration, formatMetric, formatTime } from '../components/format.js';
import { QueryState } from '../components/query-state.js';
import { ArtifactList } from '../run/artifact-list.js';
import { ConfusionHeatmap } from '../run/confusion-heatmap.js';
import { DataSetView } from '../run/data-set-view.js';

const contextPrefix = 'mlops.';

/** Everything recorded for one run, and its metric charts. */
export function RunPage({ runId }: { runId: string }) {
  const path = `/runs/${encodeURIComponent(runId)}`;
  const run = useQuery({ queryKey: ['run', runId], queryFn: () => api<Run>(path) });
  const experiment = useQuery({ queryKey: ['experiment', run.data?.experimentId], enabled: run.isSuccess, queryFn: () => api<Experiment>(`/experiments/${run.data!.experimentId}`) });
  const dataSets = useQuery({ queryKey: ['data-sets', runId], queryFn: () => api<{ dataSets: DataSet[] }>(`${path}/data-sets`) });
  const matrix = useQuery({ queryKey: ['confusion-matrix', runId], queryFn: () => apiOrNull<ConfusionMatrix>(`${path}/confusion-matrix`) });
  const artifacts = useQuery({ queryKey: ['artifacts', runId], queryFn: () => api<{ artifacts: RunArtifact[] }>(`${path}/artifacts`) });
  const schema = useQuery({ queryKey: ['model-schema', runId], queryFn: () => apiOrNull<ModelSchema>(`${path}/model-schema`) });
  const dependencies = useQuery({ queryKey: ['dependencies', runId], queryFn: () => api<{ dependencies: PackageDependency[] }>(`${path}/package-dependencies`) });
  const charts = useChartSettings();

  return (
    <main className="page wide">
      <QueryState query={run} what="the run">
        {(data) => {
          const userTags = Object.entries(data.tags).filter(([key]) => !key.startsWith(contextPrefix));
          const contextTags = Object.entries(data.tags).filter(([key]) => key.startsWith(contextPrefix));
          return (
            <>
              <p className="breadcrumbs">
                <Link href="/">Experiments</Link> / <Link href={`/experiments/${data.experimentId}`}>{experiment.data?.name ?? 'experiment'}</Link> /
              </p>
              <h1 className={data.lifecycleStage === 'deleted' ? 'deleted' : undefined}>{data.name ?? data.id}</h1>
              <div className="grid-2">
                <section className="card" aria-labelledby="attributes">
                  <h2 id="attributes">Attributes</h2>
                  <dl className="facts">
                    <dt>Id</dt>
                    <dd className="mono">{data.id}</dd>
                    <dt>Status</dt>
                    <dd className={`status-${data.status}`}>{data.status}</dd>
                    <dt>Started</dt>
                    <dd>{formatTime(data.startTime)}</dd>
                    <dt>Ended</dt>
                    <dd>{formatTime(data.endTime)}</dd>
                    <dt>Training time</dt>
                    <dd>{formatDuration(data.trainingTimeMs)}</dd>
                    <dt>Git commit</dt>
                    <dd className="mono">{data.gitCommit ?? '—'}</dd>
                    <dt>Parent run</dt>
                    <dd>{data.parentRunId === null ? '—' : <Link href={`/runs/${data.parentRunId}`}>{data.parentRunId}</Link>}</dd>
                    <dt>Lifecycle</dt>
                    <dd>{data.lifecycleStage}</dd>
                  </dl>
                </section>
                <section className="card" aria-labelledby="context">
                  <h2 id="context">Captured context</h2>
                  {contextTags.length === 0 ? <p className="muted">None captured.</p> : <KeyValues entries={contextTags} label="Captured context" />}
                </section>
                <section className="card" aria-labelledby="params">
                  <h2 id="params">Params</h2>
                  <KeyValues entries={Object.entries(data.params)} label="Params" />
                </section>
                <section className="card" aria-labelledby="metrics">
                  <h2 id="metrics">Metrics (latest)</h2>
                  <KeyValues entries={Object.entries(data.metrics).map(([key, value]) => [key, formatMetric(value)])} label="Metrics" isNumeric />
                </section>
                <section className="card" aria-labelledby="tags">
                  <h2 id="tags">Tags</h2>
                  <KeyValues entries={userTags} label="Tags" />
                </section>
              </div>

              <h2>Metric charts</h2>
              {Object.keys(data.metrics).length === 0 ? (
                <p className="muted">No metrics logged.</p>
              ) : (
                <>
                  <ChartControls settings={charts} />
                  <div className="grid-2">
                    {Object.keys(data.metrics).map((key) => (
                      <MetricChart
                        key={key}
                        metricKey={key}
                        series={[{ runId: data.id, label: data.name ?? data.id.slice(0, 8) }]}
                        zoom={charts.zoom}
                        onZoom={charts.setZoom}
                        isLogScale={charts.isLogScale}
                        smoothing={charts.smoothing}
                      />
                    ))}
                  </div>
                </>
              )}
            </>
          );
        }}
      </QueryState>

      <h2>Confusion matrix</h2>
      <QueryState query={matrix} what="the confusion matrix">
        {(data) => (data === null ? <p className="muted">None logged.</p> : <ConfusionHeatmap matrix={data} />)}
      </QueryState>

      <h2>Data sets</h2>
      <QueryState query={dataSets} what="data sets">
        {(data) => (data.dataSets.length === 0 ? <p className="muted">None logged.</p> : data.dataSets.map((dataSet) => <DataSetView key={dataSet.id} dataSet={dataSet} />))}
      </QueryState>

      <div className="grid-2">
        <section aria-labelledby="schema">
          <h2 id="schema">Model schema</h2>
          <QueryState query={schema} what="the model schema">
            {(data) =>
              data === null ? (
                <p className="muted">None recorded.</p>
              ) : (
                <table className="plain" aria-label="Model schema">
                  <thead>
                    <tr>
                      <th scope="col">Tensor</th>
                      <th scope="col">Name</th>
                      <th scope="col">Type</th>
                      <th scope="col">Shape</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...data.inputs.map((tensor) => ['input', tensor] as const), ...data.outputs.map((tensor) => ['output', tensor] as const)].map(([direction, tensor]) => (
                      <tr key={`${direction}-${tensor.name}`}>
                        <td>{direction}</td>
                        <td className="mono">{tensor.name}</td>
                        <td>{tensor.elementType}</td>
                        <td className="mono">[{tensor.shape.map((size) => size ?? '?').join(', ')}]</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )
            }
          </QueryState>
        </section>
        <section aria-labelledby="dependencies">
          <h2 id="dependencies">Package dependencies</h2>
          <QueryState query={dependencies} what="dependencies">
            {(data) => <KeyValues entries={data.dependencies.map((dependency) => [dependency.name, dependency.version])} label="Package dependencies" />}
          </QueryState>
        </section>
      </div>

      <h2>Artifacts</h2>
      <QueryState query={artifacts} what="artifacts">
        {(data) => <ArtifactList artifacts={data.artifacts} />}
      </QueryState>
    </main>
  );
}

function KeyValues({ entries, label, isNumeric = false }: { entries: [string, string][]; label: string; isNumeric?: boolean }) {
  if (entries.length === 0) return <p className="muted">None.</p>;
  return (
    <table className="plain" aria-label={label}>
      <tbody>
        {entries.map(([key, value]) => (
          <tr key={key}>
            <th scope="row">{key}</th>
            <td className={isNumeric ? 'number' : undefined}>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
