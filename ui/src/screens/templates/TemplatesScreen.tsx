import { useMemo, useState } from "react";
import type { Template } from "../../ipc/bindings/Template";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { EmptyState } from "../../components/EmptyState";
import { Icon } from "../../components/Icon";
import { SkeletonRows } from "../../components/Spinner";
import { useToast } from "../../components/toast/ToastContext";
import { useDeleteTemplate, useDuplicateTemplate, useTemplates } from "../../hooks/templates";
import { describeError } from "../../ipc/errors";
import { plural } from "../../lib/format";
import { useCurrentWorkspace } from "../../state/currentWorkspace";
import { TemplateEditor } from "./TemplateEditor";
import { TemplateLibrary } from "./TemplateLibrary";
import "./templates.css";

/** What the editor shows: a template of the library, a new one, or nothing yet. */
type Editing = { id: number } | "new" | null;

export function TemplatesScreen() {
  const workspace = useCurrentWorkspace();
  const notify = useToast();
  const templates = useTemplates(workspace.id);
  const duplicate = useDuplicateTemplate();
  const remove = useDeleteTemplate();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Template | null>(null);

  const list = useMemo(() => templates.data ?? [], [templates.data]);
  const categories = useMemo(() => [...new Set(list.map((t) => t.category).filter(Boolean))].sort(), [list]);
  const current = editing !== null && editing !== "new" ? (list.find((t) => t.id === editing.id) ?? null) : null;

  const startNew = () => setEditing("new");
  const newButton = (where: string) => (
    <button type="button" className="btn btn--primary" onClick={startNew} data-testid={where}>
      <Icon name="plus" />
      New template
    </button>
  );

  return (
    <div className="screen screen--wide" data-testid="templates-screen">
      <header className="screen__header">
        <div>
          <h1 className="screen__title">Templates</h1>
          <p className="screen__subtitle">{templates.data ? plural(list.length, "template") : "\u00a0"} · subjects and bodies with variables, fallbacks and spintax</p>
        </div>
        <div className="screen__actions">{newButton("template-new")}</div>
      </header>

      {templates.isPending ? (
        <div className="panel">
          <SkeletonRows rows={6} label="Loading templates" />
        </div>
      ) : templates.isError ? (
        <EmptyState icon="alert-triangle" title="Templates could not be loaded" actions={<button type="button" className="btn" onClick={() => void templates.refetch()}>Try again</button>}>
          {describeError(templates.error)}
        </EmptyState>
      ) : list.length === 0 && editing === null ? (
        <EmptyState
          icon="file"
          title="No templates yet"
          testId="templates-empty"
          actions={
            <button type="button" className="btn btn--primary" onClick={startNew} data-testid="templates-empty-create">
              <Icon name="plus" />
              Create a template
            </button>
          }
        >
          A template is a subject and body with the lead's fields in it. Sequence steps draft from templates, offline and with no keys.
        </EmptyState>
      ) : (
        <div className="tpl-layout">
          <TemplateLibrary
            templates={list}
            selectedId={current?.id ?? null}
            onSelect={(t) => setEditing({ id: t.id })}
            onDuplicate={(t) =>
              duplicate.mutate(t.id, {
                onSuccess: (copy) => {
                  notify.success(`Copied as “${copy.name}”`);
                  setEditing({ id: copy.id });
                },
              })
            }
            onDelete={setDeleting}
          />
          {editing === null ? (
            <EmptyState icon="pencil" title="Choose a template to edit" actions={newButton("template-new-here")}>
              Or start a new one. The preview shows it written for any lead as you type.
            </EmptyState>
          ) : (
            <TemplateEditor
              key={editing === "new" ? "new" : editing.id}
              workspaceId={workspace.id}
              template={current}
              categories={categories}
              onSaved={(t) => setEditing({ id: t.id })}
              onCancel={() => setEditing(null)}
            />
          )}
        </div>
      )}

      <ConfirmDialog
        open={deleting !== null}
        title={`Delete “${deleting?.name ?? ""}”?`}
        confirmLabel="Delete template"
        busy={remove.isPending}
        testId="delete-template"
        onCancel={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              notify.success(`Deleted “${deleting.name}”`);
              if (editing !== null && editing !== "new" && editing.id === deleting.id) setEditing(null);
              setDeleting(null);
            },
            onError: () => setDeleting(null),
          })
        }
      >
        <p>
          {deleting && deleting.used_by_steps > 0
            ? `It is used by ${plural(deleting.used_by_steps, "sequence step")}: change those steps first.`
            : "Drafts already written from it stay as they are."}
        </p>
      </ConfirmDialog>
    </div>
  );
}
