import type { AccountSync } from "../../ipc/bindings/AccountSync";
import type { AccountView } from "../../ipc/bindings/AccountView";
import type { InboxSyncReport } from "../../ipc/bindings/InboxSyncReport";
import { formatShortDateTime, plural } from "../../lib/format";

/** One line per mailbox with IMAP: when it last synced, what the last "Sync now" brought, or why it did not. */
export function SyncStatus({ accounts, report }: { accounts: AccountView[]; report: InboxSyncReport | null }) {
  const withImap = accounts.filter((a) => a.imap_host);
  if (withImap.length === 0) return null;
  return (
    <ul className="inbox-sync" aria-label="Last sync per account" data-testid="sync-status">
      {withImap.map((a) => {
        const r = report?.accounts.find((x) => x.account_id === a.id);
        const paused = r?.paused ?? a.imap_paused_reason;
        const error = r ? r.error : a.imap_error;
        return (
          <li key={a.id} className={`inbox-sync__item${paused || error ? " is-failing" : ""}`} data-testid={`sync-account-${a.id}`}>
            <span className="strong truncate">{a.email}</span>
            {paused ? (
              <span className="text-danger">Paused: {paused}. Fix it in Settings → Sender accounts.</span>
            ) : error ? (
              <span className="text-danger">Last sync failed: {error}</span>
            ) : r ? (
              <span className="text-muted">Synced now: {newMail(r)}</span>
            ) : (
              <span className="text-muted">{a.imap_synced_at ? `Synced ${formatShortDateTime(a.imap_synced_at)}` : "Never synced"}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** "3 new messages (2 replies, 1 bounce)": what a sync brought, the kinds it had. */
export function newMail(r: AccountSync): string {
  const kinds = [plural(r.replies, "reply", "replies"), plural(r.bounces, "bounce"), plural(r.auto_replies, "out-of-office")].filter((_, i) => [r.replies, r.bounces, r.auto_replies][i]! > 0);
  return `${plural(r.new_messages, "new message")}${kinds.length > 0 ? ` (${kinds.join(", ")})` : ""}`;
}
