import { ConfirmDialog } from "../components/ConfirmDialog";
import { useToast } from "../components/toast/ToastContext";
import type { Workspace } from "../ipc/bindings/Workspace";
import { useDeleteWorkspace } from "../hooks/workspaces";
import { plural } from "../lib/format";

export function DeleteWorkspaceDialog({
  workspace,
  onClose,
  onDeleted,
}: {
  workspace: Workspace | null;
  onClose: () => void;
  onDeleted: (id: number) => void;
}) {
  const remove = useDeleteWorkspace();
  const notify = useToast();
  if (!workspace) return null;

  const confirm = () =>
    remove.mutate(workspace.id, {
      onSuccess: () => {
        notify.success(`Deleted “${workspace.name}”`);
        onDeleted(workspace.id);
      },
    });

  return (
    <ConfirmDialog
      open
      title={`Delete “${workspace.name}”?`}
      confirmLabel="Delete workspace"
      busy={remove.isPending}
      onConfirm={confirm}
      onCancel={onClose}
      testId="delete-workspace"
    >
      <p>
        This permanently deletes the workspace <strong>{workspace.name}</strong> with its{" "}
        <strong>{plural(workspace.lead_count, "lead")}</strong>, {plural(workspace.campaign_count, "campaign")} and
        import history.
      </p>
      <p className="text-muted">This cannot be undone.</p>
    </ConfirmDialog>
  );
}
