import { useEffect, useId, useState } from 'react';
import { ApiError } from '../api/api-client.js';

/**
 * A text box for the filter language. Enter applies it; a filter the server's parser
 * refuses shows the parser's message with the text and a marker under the position.
 */
export function FilterBox({ value, onApply, error, label, placeholder }: { value: string; onApply: (filter: string) => void; error: unknown; label: string; placeholder: string }) {
  const [draft, setDraft] = useState(value);
  const errorId = useId();
  const inputId = useId();
  useEffect(() => setDraft(value), [value]);
  const syntaxError = error instanceof ApiError && error.code === 'INVALID_ARGUMENT' ? error : null;
  return (
    <form
      className="filter-box"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        onApply(draft.trim());
      }}
    >
      <label htmlFor={inputId}>{label}</label>
      <input
        id={inputId}
        type="search"
        value={draft}
        placeholder={placeholder}
        spellCheck={false}
        aria-invalid={syntaxError !== null}
        aria-describedby={syntaxError === null ? undefined : errorId}
        onChange={(event) => setDraft(event.target.value)}
      />
      {syntaxError === null ? null : (
        <div id={errorId} className="filter-error" role="alert" data-testid="filter-error" data-offset={syntaxError.offset ?? ''}>
          {syntaxError.message}
          {syntaxError.offset === undefined ? null : <ErrorMarker text={value} offset={syntaxError.offset} />}
        </div>
      )}
    </form>
  );
}

function ErrorMarker({ text, offset }: { text: string; offset: number }) {
  const at = Math.min(offset, text.length);
  return (
    <pre aria-hidden="true">
      {text.slice(0, at)}
      <mark>{text.slice(at, at + 1) || ' '}</mark>
      {text.slice(at + 1)}
      {'\n'}
      {' '.repeat(at)}^
    </pre>
  );
}
