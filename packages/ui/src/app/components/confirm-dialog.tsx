import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A button that asks before it acts: a modal dialog (the browser's <dialog>, so focus is
 * trapped and Escape cancels) saying what will happen, then runs `onConfirm`.
 */
export function ConfirmButton(props: { label: string; title: string; children: ReactNode; confirmLabel: string; onConfirm: () => Promise<unknown>; className?: string; disabled?: boolean }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [isOpen, setOpen] = useState(false);
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (isOpen) dialog.current?.showModal();
    else dialog.current?.close();
  }, [isOpen]);
  return (
    <>
      <button type="button" className={props.className} disabled={props.disabled} onClick={() => { setError(null); setOpen(true); }}>
        {props.label}
      </button>
      <dialog ref={dialog} aria-labelledby={`${props.title}-title`} onClose={() => setOpen(false)}>
        <h2 id={`${props.title}-title`}>{props.title}</h2>
        <div>{props.children}</div>
        {error === null ? null : <p role="alert" className="error">{error}</p>}
        <div className="actions">
          <button type="button" onClick={() => setOpen(false)}>
            Cancel
          </button>
          <button
            type="button"
            className="primary"
            disabled={isBusy}
            onClick={async () => {
              setBusy(true);
              try {
                await props.onConfirm();
                setOpen(false);
              } catch (caught) {
                setError(caught instanceof Error ? caught.message : String(caught));
              } finally {
                setBusy(false);
              }
            }}
          >
            {props.confirmLabel}
          </button>
        </div>
      </dialog>
    </>
  );
}
