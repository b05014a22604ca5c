import { useQuery, useQueryClient } from "@tanstack/react-query";
import { call } from "../ipc/commands";
import type { StepInput } from "../ipc/bindings/StepInput";
import { queryKeys } from "../state/queryKeys";
import { useEngineMutation } from "./useEngineMutation";

export function useSequence(campaignId: number) {
  return useQuery({ queryKey: queryKeys.sequence(campaignId), queryFn: () => call("sequence_list", { campaign_id: campaignId }) });
}

function useRefreshSequence() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: queryKeys.sequencesAll });
    void client.invalidateQueries({ queryKey: queryKeys.templatesAll });
  };
}

export function useAddStep(campaignId: number) {
  const refresh = useRefreshSequence();
  return useEngineMutation((input: StepInput) => call("sequence_add_step", { campaign_id: campaignId, input }), {
    handledCodes: ["validation"],
    onSuccess: refresh,
  });
}

export function useUpdateStep() {
  const refresh = useRefreshSequence();
  return useEngineMutation((v: { id: number; input: StepInput }) => call("sequence_update_step", v), {
    handledCodes: ["validation"],
    onSuccess: refresh,
  });
}

/** `confirmation_needed` is the caller's to ask about; anything else is a toast. */
export function useDeleteStep() {
  const client = useQueryClient();
  const refresh = useRefreshSequence();
  return useEngineMutation((v: { id: number; confirmed: boolean }) => call("sequence_delete_step", v), {
    handledCodes: ["confirmation_needed"],
    errorTitle: "The step was not deleted",
    onSuccess: () => {
      refresh();
      void client.invalidateQueries({ queryKey: queryKeys.draftsAll });
    },
  });
}
