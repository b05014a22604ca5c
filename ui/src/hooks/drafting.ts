import { useQuery } from "@tanstack/react-query";
import { call } from "../ipc/commands";
import type { DraftRequest } from "../ipc/bindings/DraftRequest";
import type { EnrichmentMode } from "../ipc/bindings/EnrichmentMode";
import { queryKeys } from "../state/queryKeys";
import { useEngineMutation } from "./useEngineMutation";
import { useQueryClient } from "@tanstack/react-query";

export function useEnrichment(leadId: number | null) {
  return useQuery({
    queryKey: queryKeys.enrichment(leadId ?? -1),
    queryFn: () => call("enrichment_get", { lead_id: leadId! }),
    enabled: leadId !== null,
  });
}

function useRefreshJobs() {
  const client = useQueryClient();
  return () => void client.invalidateQueries({ queryKey: queryKeys.jobsAll });
}

export function useStartEnrich() {
  const refresh = useRefreshJobs();
  return useEngineMutation((v: { campaign_id: number; mode: EnrichmentMode; all: boolean }) => call("enrich_start", v), {
    errorTitle: "Enrichment did not start",
    onSuccess: refresh,
  });
}

export function useStartDraft() {
  const refresh = useRefreshJobs();
  return useEngineMutation((request: DraftRequest) => call("draft_start", { request }), { errorTitle: "Drafting did not start", onSuccess: refresh });
}

export function useRegenerateRequested() {
  const refresh = useRefreshJobs();
  return useEngineMutation((campaignId: number) => call("draft_regenerate_requested", { campaign_id: campaignId }), {
    errorTitle: "Regeneration did not start",
    onSuccess: refresh,
  });
}
