import { columnSizingFeature, rowSortingFeature, tableFeatures, useTable, type ColumnDef, type SortingState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Run } from '../api/api-types.js';
import { navigate } from '../routing/hash-location.js';
import type { RunColumn } from './run-columns.js';
import { nameWidth, pinnedWidth, RunsRow, selectWidth, type ColumnSlot } from './runs-row.js';
import type { RunLine } from './use-run-rows.js';

const features = tableFeatures({ columnSizingFeature, rowSortingFeature });
const noRows: Run[] = [];
const rowHeight = 32;
const headerHeight = 34;

export interface RunsTableProps {
  columns: RunColumn[];
  count: number;
  lineAt: (line: number) => RunLine;
  /** The order-by terms, e.g. ['metrics.accuracy DESC']; the first decides the header's arrow. */
  orderBy: string[];
  onSort: (orderBy: string[]) => void;
  selected: ReadonlySet<string>;
  onToggleSelected: (runId: string) => void;
  expanded: ReadonlySet<string>;
  onToggleExpanded: (runId: string) => void;
  /** Called with the first and last lines in view, so their pages are read. */
  onVisibleLines: (first: number, last: number) => void;
}

/**
 * The runs grid: rows and columns both virtualised (only what is in view is in the DOM, so
 * 100,000 runs and thousands of columns scroll smoothly), headers sort, keyboard moves a
 * row cursor (arrows, Page Up/Down, Home/End; Enter opens, Space selects).
 */
export function RunsTable(props: RunsTableProps) {
  const { columns, count, lineAt } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [activeLine, setActiveLine] = useState(0);
  const sorting = useMemo<SortingState>(() => props.orderBy.map((term) => ({ id: term.replace(/\s+(ASC|DESC)$/i, ''), desc: /\sDESC$/i.test(term) })), [props.orderBy]);
  const columnDefs = useMemo<ColumnDef<typeof features, Run>[]>(
    () => // No values: the server sorts; an accessor only makes the column sortable.
    columns.map((column) => ({ id: column.id, accessorFn: () => null, header: column.label, size: column.width, enableSorting: true, sortDescFirst: column.isNumeric })),
    [columns],
  );
  // The table owns the column model and the sort state; the server sorts (manualSorting) and
  // the rows come from the virtualiser, so the table itself holds no run.
  const table = useTable({
    features,
    columns: columnDefs,
    data: noRows,
    manualSorting: true,
    enableMultiSort: false,
    state: { sorting },
    onSortingChange: (updater) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      props.onSort(next.map((sort) => `${sort.id}${sort.desc ? ' DESC' : ''}`));
    },
  });
  const headers = table.getFlatHeaders();
  // Without flushSync, scroll events only schedule a render: several of them in one frame
  // become one render instead of one synchronous render each.
  const rows = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 6, useFlushSync: false });
  const columnVirtualizer = useVirtualizer({
    useFlushSync: false,
    horizontal: true,
    count: headers.length,
    getScrollElement: () => scroller.current,
    estimateSize: (index) => headers[index]!.column.getSize(),
    overscan: 3,
    scrollPaddingStart: selectWidth + nameWidth,
  });
  const virtualRows = rows.getVirtualItems();
  const virtualColumns = columnVirtualizer.getVirtualItems();
  const firstLine = virtualRows[0]?.index ?? 0;
  const lastLine = virtualRows[virtualRows.length - 1]?.index ?? 0;
  const { onVisibleLines } = props;
  useEffect(() => onVisibleLines(firstLine, lastLine), [firstLine, lastLine, onVisibleLines]);
  useEffect(() => setActiveLine((line) => Math.min(line, Math.max(0, count - 1))), [count]);
  const totalWidth = pinnedWidth + columnVirtualizer.getTotalSize();
  // The columns in view, kept as the same array while they do not change, so rows in view
  // do not render again on a vertical scroll.
  const slotsKey = virtualColumns.map((column) => `${column.index}:${column.start}:${column.size}`).join(',');
  const columnSlots = useMemo<ColumnSlot[]>(() => virtualColumns.map(({ index, start, size }) => ({ index, start, size })), [slotsKey]);
  // Stable handlers for the memoised rows; they call the latest props.
  const latest = useRef(props);
  latest.current = props;
  const onToggleSelected = useCallback((runId: string) => latest.current.onToggleSelected(runId), []);
  const onToggleExpanded = useCallback((runId: string) => latest.current.onToggleExpanded(runId), []);

  const moveTo = (line: number) => {
    const next = Math.max(0, Math.min(count - 1, line));
    setActiveLine(next);
    rows.scrollToIndex(next, { align: 'auto' });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 320) / rowHeight) - 1);
    const line = lineAt(activeLine);
    const actions: Record<string, () => void> = {
      ArrowDown: () => moveTo(activeLine + 1),
      ArrowUp: () => moveTo(activeLine - 1),
      PageDown: () => moveTo(activeLine + page),
      PageUp: () => moveTo(activeLine - page),
      Home: () => moveTo(0),
      End: () => moveTo(count - 1),
      Enter: () => line.run && navigate(`/runs/${line.run.id}`),
      ' ': () => line.run && props.onToggleSelected(line.run.id),
      ArrowRight: () => line.run && line.childCount > 0 && !props.expanded.has(line.run.id) && props.onToggleExpanded(line.run.id),
      ArrowLeft: () => line.run && props.expanded.has(line.run.id) && props.onToggleExpanded(line.run.id),
    };
    const action = actions[event.key];
    if (action && event.target === event.currentTarget) {
      event.preventDefault();
      action();
    }
  };

  return (
    <div
      ref={scroller}
      className="runs-grid"
      role="grid"
      tabIndex={0}
      aria-label="Runs"
      aria-rowcount={count + 1}
      aria-colcount={columns.length + 2}
      aria-activedescendant={count > 0 ? `run-line-${activeLine}` : undefined}
      onKeyDown={onKeyDown}
      data-testid="runs-grid"
    >
      <div style={{ width: totalWidth, height: headerHeight + rows.getTotalSize(), position: 'relative' }}>
        <div className="runs-header" role="row" aria-rowindex={1} style={{ width: totalWidth, position: 'sticky' }}>
          <div className="runs-head pinned" role="columnheader" style={{ left: 0, width: selectWidth }}>
            <span className="visually-hidden">Select</span>
          </div>
          <div className="runs-head pinned" role="columnheader" style={{ left: selectWidth, width: nameWidth }}>
            Run
          </div>
          {virtualColumns.map((virtualColumn) => {
            const header = headers[virtualColumn.index]!;
            const sorted = header.column.getIsSorted();
            return (
              <div
                key={header.id}
                className="runs-head"
                role="columnheader"
                aria-colindex={virtualColumn.index + 3}
                aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
                style={{ left: pinnedWidth + virtualColumn.start, width: virtualColumn.size }}
                title={header.column.id}
              >
                <button type="button" onClick={header.column.getToggleSortingHandler()} data-column={header.column.id}>
                  {String(header.column.columnDef.header)}
                  {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}
                </button>
              </div>
            );
          })}
        </div>
        {virtualRows.map((virtualRow) => {
          const line = lineAt(virtualRow.index);
          const run = line.run;
          return (
            <RunsRow
              // Keyed by line, so a line whose page arrives is updated in place, not mounted again.
              key={virtualRow.index}
              line={virtualRow.index}
              run={run}
              depth={line.depth}
              childCount={line.childCount}
              top={headerHeight + virtualRow.start}
              width={totalWidth}
              columns={columns}
              columnSlots={columnSlots}
              isActive={virtualRow.index === activeLine}
              isSelected={run !== null && props.selected.has(run.id)}
              isExpanded={run !== null && props.expanded.has(run.id)}
              onActivate={setActiveLine}
              onToggleSelected={onToggleSelected}
              onToggleExpanded={onToggleExpanded}
            />
          );
        })}
      </div>
    </div>
  );
}
