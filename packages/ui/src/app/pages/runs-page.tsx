import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { Link } from 'wouter';
import { api } from '../api/api-client.js';
import type { Experiment, ExperimentKeys } from '../api/api-types.js';
import { FilterBox } from '../components/filter-box.js';
import { navigate, useUrlState } from '../routing/hash-location.js';
import { ColumnChooser } from '../runs/column-chooser.js';
import { defaultColumns, rememberColumns, rememberedColumns } from '../runs/column-choice.js';
import { attributeColumns, columnOfId, decodeColumnIds, encodeColumnIds, type RunColumn } from '../runs/run-columns.js';
import { RunsTable } from '../runs/runs-table.js';
import { lineLayout, useRunRows } from '../runs/use-run-rows.js';

const noKeys: ExperimentKeys = { params: [], metrics: [], tags: [] };

/**
 * An experiment's runs: filter, sort, columns, selection, deleted runs and nesting, all in
 * the URL (#/experiments/<id>?filter=…&sort=…&cols=…&sel=…&deleted=1&flat=1).
 */
export function RunsPage({ experimentId }: { experimentId: string }) {
  const [state, setState] = useUrlState();
  const filter = state.get('filter') ?? '';
  const sort = state.get('sort') ?? 'attributes.start_time DESC';
  const showDeleted = state.get('deleted') === '1';
  const isNested = state.get('flat') !== '1';
  const selected = useMemo(() => new Set(decodeColumnIds(state.get('sel') ?? '')), [state.get('sel')]);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [visible, setVisible] = useState({ first: 0, last: 40 });

  const experiment = useQuery({ queryKey: ['experiment', experimentId], queryFn: () => api<Experiment>(`/experiments/${encodeURIComponent(experimentId)}`) });
  const keys = useQuery({
    queryKey: ['keys', experimentId, showDeleted],
    queryFn: () => api<ExperimentKeys>(`/experiments/${encodeURIComponent(experimentId)}/keys?lifecycle=${showDeleted ? 'all' : 'active'}`),
  });
  const columns = useMemo<RunColumn[]>(() => {
    const fromUrl = state.get('cols');
    const ids = fromUrl !== null ? decodeColumnIds(fromUrl) : rememberedColumns(experimentId);
    const chosen = ids === null ? defaultColumns(keys.data ?? noKeys) : ids.map(columnOfId).filter((column): column is RunColumn => column !== null);
    return [...attributeColumns, ...chosen];
  }, [state.get('cols'), experimentId, keys.data]);
  const chooseColumns = (chosen: RunColumn[]) => {
    const ids = chosen.map((column) => column.id);
    rememberColumns(experimentId, ids);
    setState({ cols: encodeColumnIds(ids) });
  };

  const orderBy = useMemo(() => [sort], [sort]);
  const query = { experimentId, filter, orderBy, showDeleted, isNested };
  const rows = useRunRows(query, visible, expanded);
  const layout = lineLayout(rows.total, rows.loaded, rows.childrenOf, expanded);
  const onVisibleLines = useCallback(
    (first: number, last: number) => {
      const range = layout.topRange(first, last);
      setVisible((current) => (current.first === range.first && current.last === range.last ? current : range));
    },
    [layout],
  );
  const toggleSelected = (runId: string) => {
    const next = new Set(selected);
    if (next.has(runId)) next.delete(runId);
    else next.add(runId);
    setState({ sel: encodeColumnIds([...next]) });
  };
  const toggleExpanded = (runId: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(runId)) next.delete(runId);
      else next.add(runId);
      return next;
    });

  return (
    <main className="page wide">
      <p className="breadcrumbs">
        <Link href="/">Experiments</Link> /
      </p>
      <h1>{experiment.data?.name ?? 'Runs'}</h1>
      {experiment.data?.description ? <p className="muted">{experiment.data.description}</p> : null}
      <div className="toolbar">
        <FilterBox
          label="Filter runs"
          placeholder="metrics.accuracy > 0.9 and params.optimizer = 'adam'"
          value={filter}
          error={rows.first.error}
          onApply={(next) => {
            setExpanded(new Set());
            setState({ filter: next });
          }}
        />
        <ColumnChooser keys={keys.data ?? noKeys} chosen={columns.filter((column) => column.group !== 'attributes')} onChange={chooseColumns} />
        <label className="inline">
          <input type="checkbox" checked={showDeleted} onChange={(event) => setState({ deleted: event.target.checked ? '1' : null })} />
          Show deleted runs
        </label>
        <label className="inline">
          <input type="checkbox" checked={isNested} onChange={(event) => setState({ flat: event.target.checked ? null : '1' })} />
          Group child runs under their parent
        </label>
        <button type="button" className="primary" disabled={selected.size < 2} onClick={() => navigate(`/compare?runs=${encodeColumnIds([...selected])}`)}>
          Compare {selected.size} runs
        </button>
        {selected.size > 0 ? (
          <button type="button" onClick={() => setState({ sel: null })}>
            Clear selection
          </button>
        ) : null}
      </div>
      <p className="muted" aria-live="polite" data-testid="run-total">
        {rows.first.isSuccess ? `${rows.total.toLocaleString()} ${isNested ? 'top-level ' : ''}runs` : rows.first.isPending ? 'Loading runs…' : ''}
      </p>
      {rows.first.isSuccess ? (
        <RunsTable
          columns={columns}
          count={layout.count}
          lineAt={layout.lineAt}
          orderBy={orderBy}
          onSort={(next) => {
            setExpanded(new Set());
            setState({ sort: next[0] ?? null });
          }}
          selected={selected}
          onToggleSelected={toggleSelected}
          expanded={expanded}
          onToggleExpanded={toggleExpanded}
          onVisibleLines={onVisibleLines}
        />
      ) : null}
    </main>
  );
}
