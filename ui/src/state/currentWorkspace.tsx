import { createContext, useCallback, useContext, useMemo, type ReactNode } from "react";
import type { Workspace } from "../ipc/bindings/Workspace";
import { usePrefs } from "./PrefsContext";

type Selection = { selectedId: number | null; select: (id: number | null) => void };
const SelectionContext = createContext<Selection | null>(null);

export function WorkspaceSelectionProvider({ children }: { children: ReactNode }) {
  const [prefs, setPrefs] = usePrefs();
  const selectedId = prefs.workspaceId;
  const select = useCallback((id: number | null) => setPrefs({ workspaceId: id }), [setPrefs]);
  const value = useMemo(() => ({ selectedId, select }), [selectedId, select]);
  return <SelectionContext.Provider value={value}>{children}</SelectionContext.Provider>;
}

export function useWorkspaceSelection(): Selection {
  const selection = useContext(SelectionContext);
  if (!selection) throw new Error("useWorkspaceSelection needs a WorkspaceSelectionProvider");
  return selection;
}

/** The workspace the user works in: the stored choice when it still exists, else the first one. */
export function resolveWorkspace(workspaces: Workspace[], selectedId: number | null): Workspace | null {
  return workspaces.find((w) => w.id === selectedId) ?? workspaces[0] ?? null;
}

const CurrentWorkspaceContext = createContext<Workspace | null>(null);

export const CurrentWorkspaceProvider = CurrentWorkspaceContext.Provider;

/** The open workspace; only screens rendered inside a workspace call this. */
export function useCurrentWorkspace(): Workspace {
  const ws = useContext(CurrentWorkspaceContext);
  if (!ws) throw new Error("useCurrentWorkspace is only available inside an open workspace");
  return ws;
}
