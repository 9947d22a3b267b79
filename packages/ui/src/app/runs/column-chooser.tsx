import { useEffect, useId, useRef, useState } from 'react';
import type { ExperimentKeys } from '../api/api-types.js';
import { keyColumn, type KeyKind, type RunColumn } from './run-columns.js';

const groups: { kind: KeyKind; title: string }[] = [
  { kind: 'metrics', title: 'Metrics' },
  { kind: 'params', title: 'Params' },
  { kind: 'tags', title: 'Tags' },
];

/** Chooses the table's columns among the experiment's metric, param and tag keys; a search narrows long lists. */
export function ColumnChooser({ keys, chosen, onChange }: { keys: ExperimentKeys; chosen: RunColumn[]; onChange: (columns: RunColumn[]) => void }) {
  const [isOpen, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const panelId = useId();
  const panel = useRef<HTMLDivElement>(null);
  const chosenIds = new Set(chosen.map((column) => column.id));
  useEffect(() => {
    if (!isOpen) return;
    const close = (event: MouseEvent) => {
      if (!panel.current?.parentElement?.contains(event.target as Node)) setOpen(false);
    };
    addEventListener('mousedown', close);
    return () => removeEventListener('mousedown', close);
  }, [isOpen]);
  const toggle = (column: RunColumn) => onChange(chosenIds.has(column.id) ? chosen.filter((other) => other.id !== column.id) : [...chosen, column]);
  const needle = search.trim().toLowerCase();
  return (
    <div className="column-chooser">
      <button type="button" aria-expanded={isOpen} aria-controls={panelId} onClick={() => setOpen(!isOpen)}>
        Columns ({chosen.length})
      </button>
      {isOpen ? (
        <div
          ref={panel}
          id={panelId}
          className="column-chooser-panel"
          role="group"
          aria-label="Choose columns"
          onKeyDown={(event) => {
            if (event.key === 'Escape') setOpen(false);
          }}
        >
          <label>
            <span className="visually-hidden">Find a key</span>
            <input type="search" placeholder="Find a key" autoFocus value={search} onChange={(event) => setSearch(event.target.value)} />
          </label>
          <p>
            <button type="button" onClick={() => onChange([])}>
              None
            </button>{' '}
            <button type="button" onClick={() => onChange([...chosen.filter((column) => column.group !== 'metrics'), ...keys.metrics.map((key) => keyColumn('metrics', key))])}>
              All metrics
            </button>
          </p>
          {groups.map(({ kind, title }) => {
            const shown = keys[kind].filter((key) => needle === '' || key.toLowerCase().includes(needle));
            return (
              <fieldset key={kind}>
                <legend>
                  {title} ({keys[kind].length})
                </legend>
                {shown.slice(0, 500).map((key) => {
                  const column = keyColumn(kind, key);
                  return (
                    <label key={key}>
                      <input type="checkbox" checked={chosenIds.has(column.id)} onChange={() => toggle(column)} data-column={column.id} />
                      {key}
                    </label>
                  );
                })}
                {shown.length > 500 ? <p className="muted">{shown.length - 500} more: narrow the search.</p> : null}
              </fieldset>
            );
          })}
        </div>
      ) : null}
    </div>
  );
}
