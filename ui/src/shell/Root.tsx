import { EmptyState } from "../components/EmptyState";
import { Spinner } from "../components/Spinner";
import { describeError } from "../ipc/errors";
import { useWorkspaces } from "../hooks/workspaces";
import { WelcomeScreen } from "../screens/welcome/WelcomeScreen";
import { resolveWorkspace, useWorkspaceSelection } from "../state/currentWorkspace";
import { AppShell } from "./AppShell";

/** Chooses between the loading state, the welcome screen and the app itself. */
export function Root() {
  const workspaces = useWorkspaces();
  const { selectedId, select } = useWorkspaceSelection();

  if (workspaces.isPending) {
    return (
      <div className="boot" data-testid="app-loading">
        <Spinner size={22} label="Opening Reach" />
      </div>
    );
  }
  if (workspaces.isError) {
    return (
      <div className="boot">
        <EmptyState
          icon="alert-triangle"
          title="Reach could not open its data"
          actions={
            <button type="button" className="btn btn--primary" onClick={() => void workspaces.refetch()}>
              Try again
            </button>
          }
        >
          {describeError(workspaces.error)}
        </EmptyState>
      </div>
    );
  }

  const current = resolveWorkspace(workspaces.data, selectedId);
  if (!current) return <WelcomeScreen onCreated={(ws) => select(ws.id)} />;
  return <AppShell workspaces={workspaces.data} current={current} onSelectWorkspace={select} />;
}
