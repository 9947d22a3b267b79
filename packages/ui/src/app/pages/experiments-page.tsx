import { useQueries, useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api } from '../api/api-client.js';
import type { Experiment, RunSearchAnswer } from '../api/api-types.js';
import { FilterBox } from '../components/filter-box.js';
import { formatAgo, formatTime } from '../components/format.js';
import { useUrlState } from '../routing/hash-location.js';

/** Experiments with their run counts, last activity and tags; the filter language searches them. */
export function ExperimentsPage() {
  const [state, setState] = useUrlState();
  const filter = state.get('filter') ?? '';
  const showDeleted = state.get('deleted') === '1';
  const experiments = useQuery({
    queryKey: ['experiments', filter, showDeleted],
    queryFn: () => api<{ experiments: Experiment[] }>('/experiments/search', { method: 'POST', body: { filter, lifecycle: showDeleted ? 'all' : 'active' } }),
    retry: false,
  });
  const list = experiments.data?.experiments ?? [];
  // One small search per experiment: its newest run and how many runs it has.
  const activity = useQueries({
    queries: list.map((experiment) => ({
      queryKey: ['experiment-activity', experiment.id, showDeleted],
      queryFn: () =>
        api<RunSearchAnswer>('/runs/search', {
          method: 'POST',
          body: { experiments: [experiment.id], limit: 1, includeTotal: true, orderBy: ['attributes.start_time DESC'], lifecycle: showDeleted ? 'all' : 'active' },
        }),
    })),
  });
  return (
    <main className="page">
      <h1>Experiments</h1>
      <div className="toolbar">
        <FilterBox
          label="Search experiments"
          placeholder="name LIKE 'iris%' and tags.team = 'vision'"
          value={filter}
          error={experiments.error}
          onApply={(next) => setState({ filter: next })}
        />
        <label className="inline">
          <input type="checkbox" checked={showDeleted} onChange={(event) => setState({ deleted: event.target.checked ? '1' : null })} />
          Show deleted
        </label>
      </div>
      {experiments.isPending ? <p className="loading">Loading experiments…</p> : null}
      {experiments.isSuccess && list.length === 0 ? <p className="muted">No experiment matches. Log one with mlops.lifecycle.createExperiment(), or change the search.</p> : null}
      {list.length > 0 ? (
        <table className="plain" aria-label="Experiments">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col" className="number">Runs</th>
              <th scope="col">Last activity</th>
              <th scope="col">Created</th>
              <th scope="col">Tags</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {list.map((experiment, index) => {
              const answer = activity[index]?.data;
              return (
                <tr key={experiment.id} className={experiment.lifecycleStage === 'deleted' ? 'deleted' : undefined}>
                  <td>
                    <Link href={`/experiments/${experiment.id}`}>{experiment.name}</Link>
                  </td>
                  <td className="number" data-testid="run-count">{answer?.total ?? '…'}</td>
                  <td>{answer === undefined ? '…' : formatAgo(answer.runs[0]?.startTime ?? experiment.createdAt)}</td>
                  <td>{formatTime(experiment.createdAt)}</td>
                  <td>
                    {Object.entries(experiment.tags).map(([key, value]) => (
                      <span key={key} className="badge">
                        {key}={value}
                      </span>
                    ))}
                  </td>
                  <td>{experiment.description ?? ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </main>
  );
}
