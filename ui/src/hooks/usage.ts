import { useQuery, useQueryClient } from "@tanstack/react-query";
import { call } from "../ipc/commands";
import type { ModelPrice } from "../ipc/bindings/ModelPrice";
import type { ProviderKind } from "../ipc/bindings/ProviderKind";
import { queryKeys } from "../state/queryKeys";
import { useEngineMutation } from "./useEngineMutation";

export function useBudget(workspaceId: number) {
  return useQuery({ queryKey: queryKeys.budget(workspaceId), queryFn: () => call("budget_get", { workspace_id: workspaceId }) });
}

export function useSetBudget(workspaceId: number) {
  const client = useQueryClient();
  return useEngineMutation((monthlyUsd: number | null) => call("budget_set", { workspace_id: workspaceId, monthly_usd: monthlyUsd }), {
    handledCodes: ["validation"],
    errorTitle: "The budget was not saved",
    onSuccess: (budget) => client.setQueryData(queryKeys.budget(workspaceId), budget),
  });
}

export function useUsageSummary(workspaceId: number, month: string) {
  return useQuery({
    queryKey: queryKeys.usage(workspaceId, month),
    queryFn: () => call("usage_summary", { workspace_id: workspaceId, month }),
  });
}

export function useRecentUsage(workspaceId: number, limit: number) {
  return useQuery({
    queryKey: queryKeys.usageRecent(workspaceId, limit),
    queryFn: () => call("usage_recent", { workspace_id: workspaceId, limit }),
  });
}

export function usePrices() {
  return useQuery({ queryKey: queryKeys.prices, queryFn: () => call("price_list", {}) });
}

/** Both answer with the whole table, which replaces the cached one. */
export function useSetPrice() {
  const client = useQueryClient();
  return useEngineMutation((price: ModelPrice) => call("price_set", { price }), {
    errorTitle: "The price was not saved",
    onSuccess: (prices) => client.setQueryData(queryKeys.prices, prices),
  });
}

export function useRemovePrice() {
  const client = useQueryClient();
  return useEngineMutation((v: { provider_kind: ProviderKind; model: string }) => call("price_remove", v), {
    errorTitle: "The price was not removed",
    onSuccess: (prices) => client.setQueryData(queryKeys.prices, prices),
  });
}
