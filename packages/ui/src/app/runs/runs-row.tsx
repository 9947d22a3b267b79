import { memo } from 'react';
import { Link } from 'wouter';
import type { Run } from '../api/api-types.js';
import { cellText, type RunColumn } from './run-columns.js';

/** The pinned columns: the selection box and the run's name (px). */
export const selectWidth = 36;
export const nameWidth = 220;
export const pinnedWidth = selectWidth + nameWidth;

/** A column in view: its index among the table's columns, its left edge after the pinned ones and its width (px). */
export interface ColumnSlot {
  index: number;
  start: number;
  size: number;
}

export interface RunsRowProps {
  line: number;
  /** The run of the line; null while its page loads. */
  run: Run | null;
  depth: 0 | 1;
  childCount: number;
  top: number;
  width: number;
  columns: readonly RunColumn[];
  columnSlots: readonly ColumnSlot[];
  isActive: boolean;
  isSelected: boolean;
  isExpanded: boolean;
  onActivate: (line: number) => void;
  onToggleSelected: (runId: string) => void;
  onToggleExpanded: (runId: string) => void;
}

/**
 * One line of the runs grid. Memoised on plain props (the run object comes from the page's
 * query data and keeps its identity), so while scrolling only the lines that come into view
 * render; the ones already shown are left alone.
 */
export const RunsRow = memo(function RunsRow(props: RunsRowProps) {
  const { line, run, depth, childCount, columns, isSelected, isExpanded } = props;
  return (
    <div
      id={`run-line-${line}`}
      className={`runs-row${line % 2 === 0 ? ' striped' : ''}${props.isActive ? ' is-active' : ''}${depth === 1 ? ' child-run' : ''}${run?.lifecycleStage === 'deleted' ? ' deleted' : ''}`}
      role="row"
      aria-rowindex={line + 2}
      aria-selected={isSelected}
      aria-level={depth + 1}
      aria-expanded={childCount > 0 && run !== null ? isExpanded : undefined}
      data-run-id={run?.id}
      style={{ transform: `translateY(${props.top}px)`, width: props.width }}
      onClick={() => props.onActivate(line)}
    >
      <div className="runs-cell pinned" role="gridcell" style={{ left: 0, width: selectWidth }}>
        {run === null ? null : (
          <input type="checkbox" tabIndex={-1} aria-label={`Select run ${run.name ?? run.id}`} checked={isSelected} onChange={() => props.onToggleSelected(run.id)} />
        )}
      </div>
      <div className="runs-cell pinned name-cell" role="gridcell" style={{ left: selectWidth, width: nameWidth }}>
        {run === null ? (
          <span className="muted">…</span>
        ) : (
          <>
            {childCount > 0 ? (
              <button type="button" tabIndex={-1} className="expander" aria-label={`${isExpanded ? 'Collapse' : 'Expand'} ${childCount} child runs`} onClick={() => props.onToggleExpanded(run.id)}>
                {isExpanded ? '▾' : '▸'}
              </button>
            ) : null}
            <Link href={`/runs/${run.id}`} tabIndex={-1}>
              {run.name ?? run.id.slice(0, 8)}
            </Link>
            {childCount > 0 ? <span className="muted">&nbsp;({childCount})</span> : null}
          </>
        )}
      </div>
      {run === null
        ? null
        : props.columnSlots.map((slot) => {
            const column = columns[slot.index]!;
            return (
              <div
                key={column.id}
                className={`runs-cell${column.isNumeric ? ' number' : ''}${column.key === 'status' ? ` status-${run.status}` : ''}`}
                role="gridcell"
                aria-colindex={slot.index + 3}
                style={{ left: pinnedWidth + slot.start, width: slot.size }}
              >
                {cellText(run, column)}
              </div>
            );
          })}
    </div>
  );
});
