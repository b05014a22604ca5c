import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { OutboxQuery } from "../ipc/bindings/OutboxQuery";
import { call } from "../ipc/commands";
import { keepLastAnswer } from "../state/queryClient";
import { queryKeys } from "../state/queryKeys";
import { useEngineMutation } from "./useEngineMutation";

/** While a campaign sends, its outbox is read again now and then: attempts move without a change event per send. */
const LIVE_OUTBOX_MS = 5000;

export function useOutbox(campaignId: number, query: OutboxQuery, { live = false }: { live?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.outbox(campaignId, query),
    queryFn: () => call("outbox_page", { campaign_id: campaignId, query }),
    ...keepLastAnswer,
    refetchInterval: live ? LIVE_OUTBOX_MS : false,
  });
}

export function useSchedulePreview(campaignId: number) {
  return useQuery({ queryKey: queryKeys.schedulePreview(campaignId), queryFn: () => call("schedule_preview", { campaign_id: campaignId }) });
}

function useRefreshOutbox() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: queryKeys.outboxAll });
    void client.invalidateQueries({ queryKey: queryKeys.campaignsAll });
    void client.invalidateQueries({ queryKey: queryKeys.sendingAll });
  };
}

/** A refusal lists its reasons; the Schedule tab shows it in place. */
export function useLaunchCampaign() {
  const refresh = useRefreshOutbox();
  return useEngineMutation((campaignId: number) => call("campaign_launch", { campaign_id: campaignId }), { handledCodes: ["validation"], onSuccess: refresh });
}

export function usePauseCampaign() {
  const refresh = useRefreshOutbox();
  return useEngineMutation((campaignId: number) => call("campaign_pause_sending", { campaign_id: campaignId }), {
    errorTitle: "The campaign was not paused",
    onSuccess: refresh,
  });
}

export function useCancelQueue() {
  const refresh = useRefreshOutbox();
  return useEngineMutation((campaignId: number) => call("campaign_cancel_queue", { campaign_id: campaignId }), {
    errorTitle: "The queue was not cancelled",
    onSuccess: refresh,
  });
}

export function useSendCampaign() {
  const refresh = useRefreshOutbox();
  return useEngineMutation((v: { campaignId: number; dryRunDir: string | null }) => call("campaign_send", { campaign_id: v.campaignId, dry_run_dir: v.dryRunDir }), {
    errorTitle: "The campaign was not sent",
    onSuccess: refresh,
  });
}

/** Asked when the user is about to resolve an unknown outcome: the Sent folder's evidence comes first. */
export function useSentLookup(attemptId: number | null) {
  return useQuery({
    queryKey: ["sent-lookup", attemptId],
    queryFn: () => call("outbox_lookup_sent", { id: attemptId as number }),
    enabled: attemptId !== null,
    retry: false,
    staleTime: 0,
  });
}

export function useResolveAttempt() {
  const refresh = useRefreshOutbox();
  return useEngineMutation((v: { id: number; sent: boolean }) => call("outbox_resolve", v), { errorTitle: "The attempt was not resolved", onSuccess: refresh });
}
