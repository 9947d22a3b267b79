import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api } from '../api/api-client.js';
import type { RegisteredModel } from '../api/api-types.js';
import { FilterBox } from '../components/filter-box.js';
import { formatTime } from '../components/format.js';
import { useUrlState } from '../routing/hash-location.js';

/** Registered models, searchable with the filter language (name, tags). */
export function RegistryPage() {
  const [state, setState] = useUrlState();
  const filter = state.get('filter') ?? '';
  const models = useQuery({
    queryKey: ['registered-models', filter],
    retry: false,
    queryFn: () => api<{ registeredModels: RegisteredModel[] }>('/registered-models/search', { method: 'POST', body: { filter, orderBy: ['name'], limit: 1000 } }),
  });
  return (
    <main className="page">
      <h1>Registered models</h1>
      <div className="toolbar">
        <FilterBox label="Search models" placeholder="name LIKE 'iris%' and tags.team = 'vision'" value={filter} error={models.error} onApply={(next) => setState({ filter: next })} />
      </div>
      {models.isPending ? <p className="loading">Loading models…</p> : null}
      {models.data?.registeredModels.length === 0 ? <p className="muted">No registered model. Register one with mlops.model.registerModel().</p> : null}
      {models.data && models.data.registeredModels.length > 0 ? (
        <table className="plain" aria-label="Registered models">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Created</th>
              <th scope="col">Tags</th>
              <th scope="col">Description</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {models.data.registeredModels.map((model) => (
              <tr key={model.id}>
                <td>
                  <Link href={`/models/${model.id}`}>{model.name}</Link>
                </td>
                <td>{formatTime(model.createdAt)}</td>
                <td>
                  {Object.entries(model.tags).map(([key, value]) => (
                    <span key={key} className="badge">
                      {key}={value}
                    </span>
                  ))}
                </td>
                <td>{model.description ?? ''}</td>
                <td>{formatTime(model.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </main>
  );
}
