import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Channel } from "@tauri-apps/api/core";
import type { StreamChunk } from "../ipc/bindings/StreamChunk";
import { useCallback, useEffect, useRef, useState } from "react";
import { call, type CommandArgs } from "../ipc/commands";
import type { ProviderTest } from "../ipc/bindings/ProviderTest";
import type { Purpose } from "../ipc/bindings/Purpose";
import type { RouteStepInput } from "../ipc/bindings/RouteStepInput";
import { toAppError, type AppError } from "../ipc/errors";
import { queryKeys } from "../state/queryKeys";
import { useEngineMutation } from "./useEngineMutation";

/** How often the provider list is read while it is on screen, so breaker states and retry times stay live. */
export const PROVIDER_POLL_MS = 3000;

export function useProviderPresets() {
  return useQuery({ queryKey: queryKeys.providerPresets, queryFn: () => call("provider_presets", {}), staleTime: Infinity });
}

export function useProviders({ live = false }: { live?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.providers,
    queryFn: () => call("provider_list", {}),
    refetchInterval: live ? PROVIDER_POLL_MS : false,
  });
}

export function useRoutes() {
  return useQuery({ queryKey: queryKeys.routes, queryFn: () => call("route_list", {}) });
}

function useRefreshProviders() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: queryKeys.providers });
    // Route steps show provider names, models and whether each is enabled.
    void client.invalidateQueries({ queryKey: queryKeys.routes });
  };
}

/** Errors stay in the dialog, next to the fields they are about. */
export function useAddProvider() {
  const refresh = useRefreshProviders();
  return useEngineMutation((args: CommandArgs<"provider_add">) => call("provider_add", args), { handledCodes: "all", onSuccess: refresh });
}

export function useUpdateProvider({ handled = false }: { handled?: boolean } = {}) {
  const refresh = useRefreshProviders();
  return useEngineMutation((args: CommandArgs<"provider_update">) => call("provider_update", args), {
    handledCodes: handled ? "all" : [],
    errorTitle: "The provider was not changed",
    onSuccess: refresh,
  });
}

export function useRemoveProvider() {
  const refresh = useRefreshProviders();
  return useEngineMutation((id: number) => call("provider_remove", { id }), { errorTitle: "The provider was not removed", onSuccess: refresh });
}

export function useSetRoute() {
  const client = useQueryClient();
  return useEngineMutation((v: { purpose: Purpose; steps: RouteStepInput[] }) => call("route_set", v), {
    errorTitle: "The fallback order was not saved",
    onSuccess: () => void client.invalidateQueries({ queryKey: queryKeys.routes }),
  });
}

export type ProviderTestState =
  | { status: "idle" }
  | { status: "running"; text: string }
  | { status: "done"; text: string; result: ProviderTest }
  | { status: "failed"; text: string; error: AppError };

/**
 * Runs the provider's test call, collecting the answer as it streams in. A newer run, or leaving the
 * screen, makes an older run's late deltas and result go nowhere.
 */
export function useProviderTest() {
  const client = useQueryClient();
  const [state, setState] = useState<ProviderTestState>({ status: "idle" });
  const runId = useRef(0);

  useEffect(() => () => void runId.current++, []);

  const run = useCallback(
    async (id: number) => {
      const mine = ++runId.current;
      const current = () => runId.current === mine;
      let text = "";
      const onDelta = new Channel<StreamChunk>((chunk) => {
        if (!current()) return;
        // A restart means a retry or the next provider in line: the text so far is not the answer.
        text = chunk.kind === "delta" ? text + chunk.text : "";
        setState({ status: "running", text });
      });
      setState({ status: "running", text: "" });
      try {
        const result = await call("provider_test", { id, on_delta: onDelta });
        if (current()) setState({ status: "done", text, result });
      } catch (raw) {
        if (current()) setState({ status: "failed", text, error: toAppError(raw) });
      } finally {
        // A test opens or closes the breaker and is recorded in the usage ledger.
        void client.invalidateQueries({ queryKey: queryKeys.providers });
        void client.invalidateQueries({ queryKey: queryKeys.usageAll });
        void client.invalidateQueries({ queryKey: queryKeys.usageRecentAll });
        void client.invalidateQueries({ queryKey: queryKeys.budgetAll });
      }
    },
    [client],
  );

  const reset = useCallback(() => {
    runId.current++;
    setState({ status: "idle" });
  }, []);

  return { state, run, reset };
}
