import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import type { Draft } from "../../ipc/bindings/Draft";
import { Spinner } from "../../components/Spinner";

/** Ctrl/Cmd+Enter submits, Esc cancels: the same in every inline form of the queue. */
function formKeys(submit: () => void, cancel: () => void, enterSubmits: boolean) {
  return (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      cancel();
    } else if (e.key === "Enter" && (e.ctrlKey || e.metaKey || (enterSubmits && !e.shiftKey))) {
      e.preventDefault();
      submit();
    }
  };
}

export function EditForm({ draft, busy, onSave, onCancel }: { draft: Draft; busy: boolean; onSave: (subject: string, body: string) => void; onCancel: () => void }) {
  const [subject, setSubject] = useState(draft.subject);
  const [body, setBody] = useState(draft.body);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => bodyRef.current?.focus(), []);
  const save = () => onSave(subject, body);
  const keys = formKeys(save, onCancel, false);
  return (
    <div className="draft-form" data-testid="draft-edit">
      <input className="input" aria-label="Subject" value={subject} onChange={(e) => setSubject(e.target.value)} onKeyDown={keys} data-testid="draft-edit-subject" />
      <textarea ref={bodyRef} className="input textarea draft-form__body" aria-label="Body" rows={12} value={body} onChange={(e) => setBody(e.target.value)} onKeyDown={keys} data-testid="draft-edit-body" />
      <div className="draft-form__actions">
        <span className="field__hint">The first written text is kept; a diff shows what changed.</span>
        <button type="button" className="btn" onClick={onCancel} disabled={busy}>
          Cancel <kbd className="kbd">Esc</kbd>
        </button>
        <button type="button" className="btn btn--primary" onClick={save} disabled={busy} data-testid="draft-edit-save">
          {busy && <Spinner size={14} label="Saving" />}
          Save <kbd className="kbd">Ctrl+Enter</kbd>
        </button>
      </div>
    </div>
  );
}

/** A one-line note or instruction: Enter submits (Shift+Enter for a new line), Esc cancels. */
export function NoteForm({
  label,
  hint,
  submitLabel,
  busy,
  optional,
  onSubmit,
  onCancel,
  children,
  testId,
  danger,
}: {
  label: string;
  hint: string;
  submitLabel: string;
  busy: boolean;
  optional: boolean;
  onSubmit: (text: string) => void;
  onCancel: () => void;
  children?: React.ReactNode;
  testId: string;
  danger?: boolean;
}) {
  const [text, setText] = useState("");
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const submit = () => {
    if (!optional && !text.trim()) return;
    onSubmit(text.trim());
  };
  return (
    <div className="draft-form" data-testid={testId}>
      <label className="field__label" htmlFor={`${testId}-text`}>
        {label}
      </label>
      <textarea id={`${testId}-text`} ref={ref} className="input textarea" rows={2} placeholder={hint} value={text} onChange={(e) => setText(e.target.value)} onKeyDown={formKeys(submit, onCancel, true)} data-testid={`${testId}-text`} />
      <div className="draft-form__actions">
        {children}
        <button type="button" className="btn" onClick={onCancel} disabled={busy}>
          Cancel <kbd className="kbd">Esc</kbd>
        </button>
        <button type="button" className={danger ? "btn btn--danger" : "btn btn--primary"} onClick={submit} disabled={busy || (!optional && !text.trim())} data-testid={`${testId}-submit`}>
          {busy && <Spinner size={14} label="Working" />}
          {submitLabel} <kbd className="kbd">Enter</kbd>
        </button>
      </div>
    </div>
  );
}
