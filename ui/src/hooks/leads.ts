import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { call } from "../ipc/commands";
import type { LeadBulkRequest } from "../ipc/bindings/LeadBulkRequest";
import type { LeadQuery } from "../ipc/bindings/LeadQuery";
import { queryKeys } from "../state/queryKeys";
import { useEngineMutation } from "./useEngineMutation";

export const LEAD_PAGE_SIZE = 200;

/** Keyset pages of leads; each next page starts after the previous page's cursor. */
export function useLeadPages(query: Omit<LeadQuery, "after" | "limit">) {
  return useInfiniteQuery({
    queryKey: queryKeys.leadPages(query),
    queryFn: ({ pageParam }) =>
      call("lead_page", {
        query: pageParam === undefined ? { ...query, limit: LEAD_PAGE_SIZE } : { ...query, after: pageParam, limit: LEAD_PAGE_SIZE },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useLead(id: number | null) {
  return useQuery({ queryKey: queryKeys.lead(id ?? -1), queryFn: () => call("lead_get", { id: id! }), enabled: id !== null });
}

/** The campaigns a lead is in, with its stage in each. */
export function useLeadEnrollments(id: number | null) {
  return useQuery({
    queryKey: queryKeys.leadEnrollments(id ?? -1),
    queryFn: () => call("lead_enrollments", { lead_id: id! }),
    enabled: id !== null,
  });
}

export function useLeadCountries(workspaceId: number) {
  return useQuery({
    queryKey: queryKeys.countries(workspaceId),
    queryFn: () => call("lead_countries", { workspace_id: workspaceId }),
  });
}

export function useLeadBulk() {
  const client = useQueryClient();
  return useEngineMutation((request: LeadBulkRequest) => call("lead_bulk", { request }), {
    errorTitle: "The change was not applied",
    onSuccess: () => {
      for (const queryKey of [queryKeys.leadsAll, queryKeys.leadAll, queryKeys.campaignsAll, queryKeys.workspaces, queryKeys.countriesAll]) {
        void client.invalidateQueries({ queryKey });
      }
    },
  });
}
