import { useQuery, useQueryClient } from "@tanstack/react-query";
import { keepLastAnswer } from "../state/queryClient";
import { call } from "../ipc/commands";
import type { Draft } from "../ipc/bindings/Draft";
import type { DraftFilter } from "../ipc/bindings/DraftFilter";
import type { ExportFormat } from "../ipc/bindings/ExportFormat";
import type { ReviewDecision } from "../ipc/bindings/ReviewDecision";
import { queryKeys } from "../state/queryKeys";
import { useEngineMutation } from "./useEngineMutation";

/** Enough for a sitting; the list virtualizes whatever it holds. */
export const DRAFT_PAGE_LIMIT = 1000;

export function useDraftPage(filter: DraftFilter, enabled = true) {
  return useQuery({
    queryKey: queryKeys.draftPage(filter, 0, DRAFT_PAGE_LIMIT),
    queryFn: () => call("draft_page", { filter, offset: 0, limit: DRAFT_PAGE_LIMIT }),
    ...keepLastAnswer,
    enabled,
  });
}

export function useDraftVersions(id: number | null) {
  return useQuery({ queryKey: queryKeys.draftVersions(id ?? -1), queryFn: () => call("draft_versions", { id: id! }), enabled: id !== null });
}

export function useReviewCounts(campaignId: number) {
  return useQuery({ queryKey: queryKeys.reviewCounts(campaignId), queryFn: () => call("review_counts", { campaign_id: campaignId }) });
}

export function useBatches(campaignId: number) {
  return useQuery({ queryKey: queryKeys.batches(campaignId), queryFn: () => call("batch_list", { campaign_id: campaignId }) });
}

export function useBatchItems(id: number | null) {
  return useQuery({ queryKey: queryKeys.batchItems(id ?? -1), queryFn: () => call("batch_items", { id: id! }), enabled: id !== null });
}

/** Every review write changes lists, counts, batches and the sequence's waiting counts. */
function useRefreshDrafts() {
  const client = useQueryClient();
  return (draft?: Draft) => {
    if (draft) client.setQueryData(queryKeys.draft(draft.id), draft);
    void client.invalidateQueries({ queryKey: queryKeys.draftsAll });
    void client.invalidateQueries({ queryKey: queryKeys.sequencesAll });
  };
}

/** Refusals (`conflict`) carry the engine's reason; they reach the user as a toast like any other error. */
export function useDecide() {
  const refresh = useRefreshDrafts();
  return useEngineMutation((v: { id: number; decision: ReviewDecision }) => call("review_decide", v), {
    errorTitle: "The decision was not saved",
    onSuccess: (d) => refresh(d),
  });
}

export function useApprovePassing() {
  const refresh = useRefreshDrafts();
  return useEngineMutation((filter: DraftFilter) => call("review_approve_passing", { filter }), {
    errorTitle: "Nothing was approved",
    onSuccess: () => refresh(),
  });
}

export function useEditDraft() {
  const refresh = useRefreshDrafts();
  return useEngineMutation((v: { id: number; subject: string; body: string }) => call("draft_edit", v), {
    errorTitle: "The edit was not saved",
    onSuccess: (d) => refresh(d),
  });
}

export function useRegenerateDraft() {
  const refresh = useRefreshDrafts();
  return useEngineMutation((v: { id: number; instruction: string | null; keep_spin: boolean }) => call("draft_regenerate", v), {
    errorTitle: "The draft was not regenerated",
    onSuccess: (d) => refresh(d),
  });
}

export function useCreateBatch() {
  const refresh = useRefreshDrafts();
  return useEngineMutation((v: { filter: DraftFilter; name: string }) => call("batch_create", v), {
    errorTitle: "The batch was not created",
    onSuccess: () => refresh(),
  });
}

export function useDeleteBatch() {
  const refresh = useRefreshDrafts();
  return useEngineMutation((id: number) => call("batch_delete", { id }), { errorTitle: "The batch was not deleted", onSuccess: () => refresh() });
}

export function useExportApproved() {
  return useEngineMutation(
    (v: { campaign_id: number; batch_id: number | null; format: ExportFormat; path: string }) => call("review_export", v),
    { errorTitle: "The drafts were not exported" },
  );
}
