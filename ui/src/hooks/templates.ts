import { useQuery, useQueryClient } from "@tanstack/react-query";
import { keepLastAnswer } from "../state/queryClient";
import { call } from "../ipc/commands";
import type { TemplateInput } from "../ipc/bindings/TemplateInput";
import { queryKeys } from "../state/queryKeys";
import { useDebouncedValue } from "./useDebouncedValue";
import { useEngineMutation } from "./useEngineMutation";

/** How long typing pauses before the text is checked or rendered again. */
export const LIVE_DELAY_MS = 300;

export function useTemplates(workspaceId: number) {
  return useQuery({ queryKey: queryKeys.templates(workspaceId), queryFn: () => call("template_list", { workspace_id: workspaceId }) });
}

export function useTemplateVariables(workspaceId: number) {
  return useQuery({
    queryKey: queryKeys.templateVariables(workspaceId),
    queryFn: () => call("template_variables", { workspace_id: workspaceId }),
    staleTime: 60_000,
  });
}

/** The text checked as it is typed: the last answer stays on screen while the next one is on its way. */
export function useTemplateCheck(workspaceId: number, subject: string, body: string) {
  const text = useDebouncedValue({ subject, body }, LIVE_DELAY_MS);
  return useQuery({
    queryKey: queryKeys.templateCheck(workspaceId, text.subject, text.body),
    queryFn: () => call("template_check", { workspace_id: workspaceId, subject: text.subject, body: text.body }),
    ...keepLastAnswer,
  });
}

export function useTemplatePreview(leadId: number | null, subject: string, body: string, campaignId: number | null) {
  const text = useDebouncedValue({ subject, body }, LIVE_DELAY_MS);
  return useQuery({
    queryKey: queryKeys.templatePreview(leadId ?? -1, text.subject, text.body, campaignId),
    queryFn: () => call("template_preview", { lead_id: leadId!, subject: text.subject, body: text.body, campaign_id: campaignId }),
    enabled: leadId !== null,
    ...keepLastAnswer,
  });
}

export function useEmptyVariables(campaignId: number | null, subject: string, body: string) {
  const text = useDebouncedValue({ subject, body }, LIVE_DELAY_MS);
  return useQuery({
    queryKey: queryKeys.emptyVariables(campaignId ?? -1, text.subject, text.body),
    queryFn: () => call("template_empty_variables", { campaign_id: campaignId!, subject: text.subject, body: text.body }),
    enabled: campaignId !== null,
    ...keepLastAnswer,
  });
}

function useRefreshTemplates() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: queryKeys.templatesAll });
    void client.invalidateQueries({ queryKey: queryKeys.sequencesAll });
  };
}

export function useCreateTemplate(workspaceId: number) {
  const refresh = useRefreshTemplates();
  return useEngineMutation((input: TemplateInput) => call("template_create", { workspace_id: workspaceId, input }), {
    handledCodes: ["conflict", "validation"],
    onSuccess: refresh,
  });
}

export function useUpdateTemplate() {
  const refresh = useRefreshTemplates();
  return useEngineMutation((v: { id: number; input: TemplateInput }) => call("template_update", v), {
    handledCodes: ["conflict", "validation"],
    onSuccess: refresh,
  });
}

export function useDuplicateTemplate() {
  const refresh = useRefreshTemplates();
  return useEngineMutation((id: number) => call("template_duplicate", { id }), { errorTitle: "The template was not copied", onSuccess: refresh });
}

export function useDeleteTemplate() {
  const refresh = useRefreshTemplates();
  return useEngineMutation((id: number) => call("template_delete", { id }), { errorTitle: "The template was not deleted", onSuccess: refresh });
}
