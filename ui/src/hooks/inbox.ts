import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { ImapReport } from "../ipc/bindings/ImapReport";
import type { InboxItem } from "../ipc/bindings/InboxItem";
import type { InboxQuery } from "../ipc/bindings/InboxQuery";
import type { InboxState } from "../ipc/bindings/InboxState";
import type { ReplyCategory } from "../ipc/bindings/ReplyCategory";
import { call } from "../ipc/commands";
import { keepLastAnswer } from "../state/queryClient";
import { queryKeys } from "../state/queryKeys";
import { useServerTest, type ServerTestState } from "./sending";
import { useEngineMutation } from "./useEngineMutation";

/** A page of the inbox; the last page stays on screen while the next filter's loads. */
export function useInboxPage(query: InboxQuery) {
  return useQuery({ queryKey: queryKeys.inboxPage(query), queryFn: () => call("inbox_list", { query }), ...keepLastAnswer });
}

/** The sidebar's count: open replies read as interested. */
export function useInterestedCount(workspaceId: number) {
  const query: InboxQuery = { workspace_id: workspaceId, kind: null, category: null, campaign_id: null, account_id: null, state: null, unknown_senders: false, search: null, limit: 1, offset: 0 };
  return useQuery({
    queryKey: queryKeys.inboxPage(query),
    queryFn: () => call("inbox_list", { query }),
    select: (page) => page.counts.filter((c) => c.kind === "reply" && c.category === "interested").reduce((n, c) => n + c.count, 0),
  });
}

export function useInboxMessage(id: number | null, allowRemoteImages: boolean) {
  return useQuery({
    queryKey: queryKeys.inboxMessage(id ?? 0, allowRemoteImages),
    queryFn: () => call("inbox_message", { id: id!, allow_remote_images: allowRemoteImages }),
    enabled: id !== null,
  });
}

function useRefreshInbox() {
  const client = useQueryClient();
  return () => void client.invalidateQueries({ queryKey: queryKeys.inboxAll });
}

export function useRelabel() {
  const refresh = useRefreshInbox();
  return useEngineMutation((v: { id: number; category: ReplyCategory }) => call("inbox_relabel", v), { errorTitle: "The label was not changed", onSuccess: refresh });
}

export function useSetInboxState() {
  const refresh = useRefreshInbox();
  return useEngineMutation((v: { id: number; state: InboxState; snoozed_until: string | null }): Promise<InboxItem> => call("inbox_set_state", v), {
    errorTitle: "The message was not moved",
    onSuccess: refresh,
  });
}

/** Sends the user's answer to a message; the inbox (the message is done, the thread has it) and the outbox change. */
export function useReplyToMessage() {
  const client = useQueryClient();
  return useEngineMutation((v: { id: number; body: string }) => call("inbox_reply", v), {
    errorTitle: "The answer was not sent",
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: queryKeys.inboxAll });
      void client.invalidateQueries({ queryKey: queryKeys.outboxAll });
    },
  });
}

/** "Sync now": the report stays on screen under the button; errors per account are in it, not thrown. */
export function useInboxSync(workspaceId: number) {
  const refresh = useRefreshInbox();
  const client = useQueryClient();
  return useEngineMutation(() => call("inbox_sync", { workspace_id: workspaceId }), {
    errorTitle: "The inbox was not synced",
    onSuccess: () => {
      refresh();
      // Each account's last sync time and error show in Settings → Sender accounts.
      void client.invalidateQueries({ queryKey: queryKeys.senderAccounts(workspaceId) });
    },
  });
}

export type ImapTestState = ServerTestState<ImapReport>;

/** "Test IMAP": TLS, sign-in and the folders of the mailbox's IMAP server. */
export function useImapTest() {
  return useServerTest((id) => call("account_test_imap", { id }));
}
