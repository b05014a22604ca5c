import { useState } from "react";
import { Icon } from "../components/Icon";
import { Popover } from "../components/Popover";
import type { Workspace } from "../ipc/bindings/Workspace";
import { formatCount } from "../lib/format";
import { DeleteWorkspaceDialog } from "./DeleteWorkspaceDialog";
import { WorkspaceNameDialog } from "./WorkspaceNameDialog";

type Dialog = { kind: "create" } | { kind: "rename"; workspace: Workspace } | { kind: "delete"; workspace: Workspace } | null;

export function WorkspaceSwitcher({
  workspaces,
  current,
  onSelect,
}: {
  workspaces: Workspace[];
  current: Workspace;
  onSelect: (id: number | null) => void;
}) {
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);

  return (
    <>
      <Popover
        triggerClassName="workspace-switcher"
        label={`Workspace: ${current.name}. Switch or manage workspaces`}
        testId="workspace-switcher"
        panelClassName="menu workspace-menu"
        trigger={
          <>
            <span className="workspace-avatar" aria-hidden="true">
              {current.name.trim().charAt(0).toUpperCase() || "W"}
            </span>
            <span className="workspace-switcher__text">
              <span className="workspace-switcher__name">{current.name}</span>
              <span className="workspace-switcher__meta">{formatCount(current.lead_count)} leads</span>
            </span>
            <Icon name="chevrons-up-down" size={14} className="text-muted" />
          </>
        }
      >
        {(closeMenu) => (
          <>
            <div className="menu__label">Workspaces</div>
            <div role="group" aria-label="Workspaces" className="menu__list">
              {workspaces.map((w) => (
                <button
                  key={w.id}
                  type="button"
                  className="menu__item"
                  aria-current={w.id === current.id ? "true" : undefined}
                  onClick={() => {
                    onSelect(w.id);
                    closeMenu();
                  }}
                  data-testid={`workspace-option-${w.id}`}
                >
                  <span className="menu__check">{w.id === current.id && <Icon name="check" size={14} />}</span>
                  <span className="menu__text">{w.name}</span>
                  <span className="menu__meta">{formatCount(w.lead_count)}</span>
                </button>
              ))}
            </div>
            <div className="menu__separator" role="separator" />
            <button type="button" className="menu__item" onClick={() => { closeMenu(); setDialog({ kind: "create" }); }} data-testid="workspace-new">
              <span className="menu__check"><Icon name="plus" size={14} /></span>
              New workspace…
            </button>
            <button type="button" className="menu__item" onClick={() => { closeMenu(); setDialog({ kind: "rename", workspace: current }); }} data-testid="workspace-rename">
              <span className="menu__check"><Icon name="pencil" size={14} /></span>
              <span className="menu__text">Rename “{current.name}”…</span>
            </button>
            <button type="button" className="menu__item menu__item--danger" onClick={() => { closeMenu(); setDialog({ kind: "delete", workspace: current }); }} data-testid="workspace-delete">
              <span className="menu__check"><Icon name="trash" size={14} /></span>
              <span className="menu__text">Delete “{current.name}”…</span>
            </button>
          </>
        )}
      </Popover>

      <WorkspaceNameDialog
        open={dialog?.kind === "create" || dialog?.kind === "rename"}
        workspace={dialog?.kind === "rename" ? dialog.workspace : undefined}
        onClose={close}
        onSaved={(ws) => {
          onSelect(ws.id);
          close();
        }}
      />
      <DeleteWorkspaceDialog
        workspace={dialog?.kind === "delete" ? dialog.workspace : null}
        onClose={close}
        onDeleted={(id) => {
          onSelect(workspaces.find((w) => w.id !== id)?.id ?? null);
          close();
        }}
      />
    </>
  );
}
