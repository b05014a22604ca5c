import { useQuery, useQueryClient } from "@tanstack/react-query";
import { call } from "../ipc/commands";
import type { Workspace } from "../ipc/bindings/Workspace";
import { queryKeys } from "../state/queryKeys";
import { useEngineMutation } from "./useEngineMutation";

export function useWorkspaces() {
  return useQuery({ queryKey: queryKeys.workspaces, queryFn: () => call("workspace_list", {}) });
}

function useWorkspaceCacheUpdate() {
  const client = useQueryClient();
  return (ws: Workspace) => {
    client.setQueryData<Workspace[]>(queryKeys.workspaces, (list) =>
      list ? (list.some((w) => w.id === ws.id) ? list.map((w) => (w.id === ws.id ? ws : w)) : [...list, ws]) : [ws],
    );
    void client.invalidateQueries({ queryKey: queryKeys.workspaces });
  };
}

export function useCreateWorkspace() {
  const update = useWorkspaceCacheUpdate();
  return useEngineMutation((name: string) => call("workspace_create", { name }), {
    handledCodes: ["conflict", "validation"],
    onSuccess: update,
  });
}

export function useRenameWorkspace() {
  const update = useWorkspaceCacheUpdate();
  return useEngineMutation((v: { id: number; name: string }) => call("workspace_rename", v), {
    handledCodes: ["conflict", "validation"],
    onSuccess: update,
  });
}

export function useDeleteWorkspace() {
  const client = useQueryClient();
  return useEngineMutation((id: number) => call("workspace_delete", { id }), {
    errorTitle: "The workspace was not deleted",
    onSuccess: (_r, id) => {
      client.setQueryData<Workspace[]>(queryKeys.workspaces, (list) => list?.filter((w) => w.id !== id));
      void client.invalidateQueries({ queryKey: queryKeys.workspaces });
    },
  });
}

export function useCreateDemoWorkspace() {
  const update = useWorkspaceCacheUpdate();
  return useEngineMutation(() => call("demo_workspace_create", {}), {
    errorTitle: "The demo workspace could not be created",
    onSuccess: update,
  });
}

export function useAppInfo() {
  return useQuery({ queryKey: queryKeys.appInfo, queryFn: () => call("app_info", {}), staleTime: Infinity });
}
