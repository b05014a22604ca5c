import { useEffect, useRef, useState, type FormEvent } from "react";
import { Dialog } from "../components/Dialog";
import { Field } from "../components/Field";
import { Spinner } from "../components/Spinner";
import { useToast } from "../components/toast/ToastContext";
import type { Workspace } from "../ipc/bindings/Workspace";
import { useCreateWorkspace, useRenameWorkspace } from "../hooks/workspaces";
import type { AppError } from "../ipc/errors";

/** Creates a workspace, or renames `workspace` when given. Name clashes show under the field. */
export function WorkspaceNameDialog({
  open,
  workspace,
  onClose,
  onSaved,
}: {
  open: boolean;
  workspace?: Workspace;
  onClose: () => void;
  onSaved: (ws: Workspace) => void;
}) {
  const [name, setName] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const create = useCreateWorkspace();
  const rename = useRenameWorkspace();
  const notify = useToast();
  const busy = create.isPending || rename.isPending;

  useEffect(() => {
    if (open) {
      setName(workspace?.name ?? "");
      setFieldError(null);
    }
  }, [open, workspace]);

  const onError = (error: AppError) => {
    if (error.code === "conflict" || error.code === "validation") setFieldError(error.message);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setFieldError("Give the workspace a name.");
      return;
    }
    if (workspace) {
      rename.mutate(
        { id: workspace.id, name: trimmed },
        {
          onSuccess: (ws) => {
            notify.success(`Renamed to “${ws.name}”`);
            onSaved(ws);
          },
          onError,
        },
      );
    } else {
      create.mutate(trimmed, {
        onSuccess: (ws) => {
          notify.success(`Workspace “${ws.name}” created`);
          onSaved(ws);
        },
        onError,
      });
    }
  };

  return (
    <Dialog
      open={open}
      title={workspace ? "Rename workspace" : "New workspace"}
      description={workspace ? undefined : "A workspace keeps one client’s or one project’s leads and campaigns apart from the rest."}
      onClose={onClose}
      size="sm"
      initialFocusRef={inputRef}
      dismissable={!busy}
      testId="workspace-name-dialog"
    >
      <form onSubmit={submit} noValidate>
        <Field label="Name" error={fieldError}>
          {(control) => (
            <input
              {...control}
              ref={inputRef}
              className="input"
              value={name}
              maxLength={120}
              placeholder="e.g. Northwind outreach"
              onChange={(e) => {
                setName(e.target.value);
                setFieldError(null);
              }}
              data-testid="workspace-name-input"
            />
          )}
        </Field>
        <div className="dialog__actions">
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="btn btn--primary" disabled={busy} data-testid="workspace-name-save">
            {busy && <Spinner size={14} label="Saving" />}
            {workspace ? "Rename" : "Create workspace"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
