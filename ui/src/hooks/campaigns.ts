import { useQuery } from "@tanstack/react-query";
import { call } from "../ipc/commands";
import type { CampaignInput } from "../ipc/bindings/CampaignInput";
import { queryKeys } from "../state/queryKeys";
import { useEngineMutation } from "./useEngineMutation";
import { useQueryClient } from "@tanstack/react-query";

export function useCampaigns(workspaceId: number, includeArchived = false) {
  return useQuery({
    queryKey: queryKeys.campaigns(workspaceId, includeArchived),
    queryFn: () => call("campaign_list", { workspace_id: workspaceId, include_archived: includeArchived }),
  });
}

function useRefreshCampaigns() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: queryKeys.campaignsAll });
    void client.invalidateQueries({ queryKey: queryKeys.workspaces });
  };
}

export function useCreateCampaign(workspaceId: number) {
  const refresh = useRefreshCampaigns();
  return useEngineMutation((input: CampaignInput) => call("campaign_create", { workspace_id: workspaceId, input }), {
    handledCodes: ["conflict", "validation"],
    onSuccess: refresh,
  });
}

export function useUpdateCampaign() {
  const refresh = useRefreshCampaigns();
  return useEngineMutation((v: { id: number; input: CampaignInput }) => call("campaign_update", v), {
    handledCodes: ["conflict", "validation"],
    onSuccess: refresh,
  });
}

export function useSetCampaignArchived() {
  const refresh = useRefreshCampaigns();
  return useEngineMutation((v: { id: number; archived: boolean }) => call("campaign_set_archived", v), {
    onSuccess: refresh,
  });
}

export function useDeleteCampaign() {
  const client = useQueryClient();
  const refresh = useRefreshCampaigns();
  return useEngineMutation((id: number) => call("campaign_delete", { id }), {
    errorTitle: "The campaign was not deleted",
    onSuccess: () => {
      refresh();
      void client.invalidateQueries({ queryKey: queryKeys.leadsAll });
    },
  });
}
