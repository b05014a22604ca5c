import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import type { CompliancePatch } from "../ipc/bindings/CompliancePatch";
import type { ConnectionReport } from "../ipc/bindings/ConnectionReport";
import type { SuppressionKind } from "../ipc/bindings/SuppressionKind";
import { call, type CommandArgs } from "../ipc/commands";
import { toAppError, type AppError } from "../ipc/errors";
import { keepLastAnswer } from "../state/queryClient";
import { queryKeys } from "../state/queryKeys";
import { useEngineMutation } from "./useEngineMutation";

export function useMailPresets() {
  return useQuery({ queryKey: queryKeys.mailPresets, queryFn: () => call("mail_presets", {}), staleTime: Infinity });
}

export function useSenderAccounts(workspaceId: number) {
  return useQuery({ queryKey: queryKeys.senderAccounts(workspaceId), queryFn: () => call("sender_account_list", { workspace_id: workspaceId }) });
}

function useRefreshSending() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: queryKeys.sendingAll });
    // Accounts, caps and windows are what the schedule preview plays forward.
    void client.invalidateQueries({ queryKey: queryKeys.outboxAll });
  };
}

/** Errors stay in the dialog, next to the fields they are about. */
export function useAddSenderAccount() {
  const refresh = useRefreshSending();
  return useEngineMutation((args: CommandArgs<"sender_account_add">) => call("sender_account_add", args), { handledCodes: "all", onSuccess: refresh });
}

export function useUpdateSenderAccount() {
  const refresh = useRefreshSending();
  return useEngineMutation((args: CommandArgs<"sender_account_update">) => call("sender_account_update", args), { handledCodes: "all", onSuccess: refresh });
}

/** The folders dialog shows every refusal at the field it is about. */
export function useSetMailboxFolders() {
  const refresh = useRefreshSending();
  return useEngineMutation((args: CommandArgs<"account_set_folders">) => call("account_set_folders", args), { handledCodes: "all", onSuccess: refresh });
}

export function useDeleteSenderAccount() {
  const refresh = useRefreshSending();
  return useEngineMutation((id: number) => call("sender_account_delete", { id }), { errorTitle: "The account was not deleted", onSuccess: refresh });
}

/** Where a test of a mail server stands: the server's own answer once done. */
export type ServerTestState<R> = { status: "idle" } | { status: "running" } | { status: "done"; report: R } | { status: "failed"; error: AppError };
export type ConnectionTestState = ServerTestState<ConnectionReport>;

/** A test of one mailbox's server; a newer run, or leaving the screen, drops an older run's answer. */
export function useServerTest<R>(test: (id: number) => Promise<R>) {
  const [state, setState] = useState<ServerTestState<R>>({ status: "idle" });
  const runId = useRef(0);
  const testRef = useRef(test);
  testRef.current = test;
  useEffect(() => () => void runId.current++, []);
  const run = useCallback(async (id: number) => {
    const mine = ++runId.current;
    setState({ status: "running" });
    try {
      const report = await testRef.current(id);
      if (runId.current === mine) setState({ status: "done", report });
    } catch (raw) {
      if (runId.current === mine) setState({ status: "failed", error: toAppError(raw) });
    }
  }, []);
  const reset = useCallback(() => {
    runId.current++;
    setState({ status: "idle" });
  }, []);
  return { state, run, reset };
}

/** "Test connection": EHLO, STARTTLS and AUTH against the mailbox's SMTP server. */
export function useConnectionTest() {
  return useServerTest((id) => call("sender_account_test", { id }));
}

export function useCompliance(workspaceId: number) {
  return useQuery({ queryKey: queryKeys.compliance(workspaceId), queryFn: () => call("compliance_get", { workspace_id: workspaceId }) });
}

/** Validation errors are shown inline by the form. */
export function useUpdateCompliance(workspaceId: number) {
  const refresh = useRefreshSending();
  return useEngineMutation((patch: CompliancePatch) => call("compliance_update", { workspace_id: workspaceId, patch }), {
    handledCodes: ["validation"],
    errorTitle: "The compliance settings were not saved",
    onSuccess: refresh,
  });
}

export function useSuppression(workspaceId: number, search: string) {
  return useQuery({
    queryKey: queryKeys.suppression(workspaceId, search),
    queryFn: () => call("suppression_list", { workspace_id: workspaceId, search: search.trim() || null }),
    ...keepLastAnswer,
  });
}

export function useSuppress(workspaceId: number) {
  const refresh = useRefreshSending();
  return useEngineMutation((v: { entry: string; reason: string | null }) => call("suppression_add", { workspace_id: workspaceId, ...v }), {
    handledCodes: ["validation"],
    onSuccess: refresh,
  });
}

export function useSuppressLeads(workspaceId: number) {
  const refresh = useRefreshSending();
  const client = useQueryClient();
  return useEngineMutation((v: { lead_ids: number[]; reason: string | null }) => call("suppression_add_leads", { workspace_id: workspaceId, ...v }), {
    errorTitle: "The leads were not suppressed",
    onSuccess: () => {
      refresh();
      void client.invalidateQueries({ queryKey: queryKeys.leadsAll });
    },
  });
}

export function useUnsuppress(workspaceId: number) {
  const refresh = useRefreshSending();
  return useEngineMutation((v: { kind: SuppressionKind; value: string }) => call("suppression_remove", { workspace_id: workspaceId, ...v }), {
    errorTitle: "The entry was not removed",
    onSuccess: refresh,
  });
}

export function useImportSuppression(workspaceId: number) {
  const refresh = useRefreshSending();
  return useEngineMutation((path: string) => call("suppression_import", { workspace_id: workspaceId, path }), {
    errorTitle: "The list was not imported",
    onSuccess: refresh,
  });
}

export function useExportSuppression(workspaceId: number) {
  return useEngineMutation((path: string) => call("suppression_export", { workspace_id: workspaceId, path }), { errorTitle: "The list was not exported" });
}
