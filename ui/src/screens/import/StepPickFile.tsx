import { useState, type FormEvent } from "react";
import { Field } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Spinner } from "../../components/Spinner";
import { useToast } from "../../components/toast/ToastContext";
import { IMPORT_EXTENSIONS, pickImportFile } from "../../ipc/dialog";

/** Step 1: the user points at a file, through the native dialog or by pasting its path. */
export function StepPickFile({
  initialPath,
  busy,
  error,
  onInspect,
}: {
  initialPath: string;
  busy: boolean;
  error: string | null;
  onInspect: (path: string) => void;
}) {
  const [path, setPath] = useState(initialPath);
  const [localError, setLocalError] = useState<string | null>(null);
  const notify = useToast();

  const browse = async () => {
    try {
      const picked = await pickImportFile();
      if (picked) {
        setPath(picked);
        setLocalError(null);
        onInspect(picked);
      }
    } catch (e) {
      notify.error(e, "The file dialog could not open");
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = path.trim();
    if (!trimmed) {
      setLocalError("Paste the full path of the file, or choose it with Browse.");
      return;
    }
    onInspect(trimmed);
  };

  return (
    <div className="pick" data-testid="wizard-step-pick">
      <div className="dropzone card">
        <span className="dropzone__icon" aria-hidden="true">
          <Icon name="upload" size={22} />
        </span>
        <h2 className="dropzone__title">Choose a lead file</h2>
        <p className="text-muted">
          CSV, TSV or text exports, and Excel or OpenDocument spreadsheets ({IMPORT_EXTENSIONS.map((e) => `.${e}`).join(", ")}).
          Nothing is imported until you confirm the columns.
        </p>
        <button type="button" className="btn btn--primary btn--lg" onClick={() => void browse()} disabled={busy} data-testid="wizard-browse">
          <Icon name="file" />
          Browse…
        </button>
      </div>
      <form className="pick__path" onSubmit={submit} noValidate>
        <Field label="Or paste the path of a file" error={localError ?? error}>
          {(control) => (
            <div className="input-group">
              <input
                {...control}
                className="input input--mono"
                value={path}
                placeholder="/Users/me/Downloads/leads.csv"
                spellCheck={false}
                autoComplete="off"
                onChange={(e) => {
                  setPath(e.target.value);
                  setLocalError(null);
                }}
                data-testid="wizard-path-input"
              />
              <button type="submit" className="btn" disabled={busy} data-testid="wizard-inspect">
                {busy ? <Spinner size={14} label="Reading the file" /> : <Icon name="search" />}
                Read file
              </button>
            </div>
          )}
        </Field>
      </form>
    </div>
  );
}
