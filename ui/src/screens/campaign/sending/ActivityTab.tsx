import { useState } from "react";
import type { Attempt } from "../../../ipc/bindings/Attempt";
import type { AttemptStatus } from "../../../ipc/bindings/AttemptStatus";
import type { Campaign } from "../../../ipc/bindings/Campaign";
import { ConfirmDialog } from "../../../components/ConfirmDialog";
import { EmptyState } from "../../../components/EmptyState";
import { Icon } from "../../../components/Icon";
import { SkeletonRows } from "../../../components/Spinner";
import { useToast } from "../../../components/toast/ToastContext";
import { useOutbox, useResolveAttempt, useSentLookup } from "../../../hooks/outbox";
import { describeError } from "../../../ipc/errors";
import { formatCount, formatShortDateTime, plural } from "../../../lib/format";
import { useNavigation } from "../../../state/navigation";
import { ATTEMPT_STATUSES, STATUS_INFO } from "./labels";
import { SendingControls } from "./SendingControls";
import "./sending.css";

const PAGE = 500;

/** How the user answered an unknown outcome. */
const RESOLUTION_LABEL: Record<string, string> = {
  sent: "You marked it sent.",
  not_sent: "You marked it not sent; it was queued again with the same Message-ID.",
};

type Resolving = { attempt: Attempt; sent: boolean } | null;

/** The campaign's outbox: every attempt with its state and the server's reply; unknown outcomes resolved here. */
export function ActivityTab({ campaign }: { campaign: Campaign }) {
  const [status, setStatus] = useState<AttemptStatus | null>(null);
  const [dryRun, setDryRun] = useState(false);
  const outbox = useOutbox(campaign.id, { status, dry_run: dryRun, limit: PAGE, offset: null }, { live: campaign.sending === "running" });
  const resolve = useResolveAttempt();
  const notify = useToast();
  const { navigate } = useNavigation();
  const [resolving, setResolving] = useState<Resolving>(null);

  const counts = outbox.data?.counts ?? [];
  const total = counts.reduce((n, c) => n + c.count, 0);
  const count = (s: AttemptStatus) => counts.find((c) => c.status === s)?.count ?? 0;
  const waiting = count("queued") + count("deferred");
  const attempts = outbox.data?.attempts ?? [];

  return (
    <div className="activity-tab" data-testid="activity-tab">
      {!dryRun && <SendingControls campaign={campaign} waiting={outbox.data ? waiting : null} />}

      {count("unknown") > 0 && !dryRun && (
        <div className="callout callout--danger" role="alert" data-testid="unknown-callout">
          <Icon name="alert-circle" />
          <span>
            <strong>{formatCount(count("unknown"))} mail with an unknown outcome.</strong> The connection broke after the message went out, so it may have arrived. Reach never resends it by itself:
            check the mailbox's Sent folder, then mark each as sent or not sent (a mail marked not sent is queued again with the same Message-ID).
          </span>
        </div>
      )}

      <div className="toolbar">
        <div className="status-chips" role="group" aria-label="Show attempts by state" data-testid="status-chips">
          <button type="button" className="status-chip" aria-pressed={status === null} onClick={() => setStatus(null)} data-testid="status-chip-all">
            All <span className="status-chip__count">{formatCount(total)}</span>
          </button>
          {ATTEMPT_STATUSES.map((s) => (
            <button
              key={s.status}
              type="button"
              className={`status-chip status-chip--${s.status}`}
              aria-pressed={status === s.status}
              title={s.hint}
              onClick={() => setStatus(status === s.status ? null : s.status)}
              data-testid={`status-chip-${s.status}`}
            >
              {s.label} <span className="status-chip__count">{formatCount(count(s.status))}</span>
            </button>
          ))}
        </div>
        <div className="toolbar__actions">
          <div className="segmented" role="group" aria-label="Real sends or dry runs">
            <button type="button" className="segmented__item" aria-pressed={!dryRun} onClick={() => setDryRun(false)} data-testid="outbox-real">
              Sent for real
            </button>
            <button type="button" className="segmented__item" aria-pressed={dryRun} onClick={() => setDryRun(true)} data-testid="outbox-dry-run">
              Dry runs
            </button>
          </div>
        </div>
      </div>

      {outbox.isPending ? (
        <div className="panel">
          <SkeletonRows rows={6} label="Loading the outbox" />
        </div>
      ) : outbox.isError ? (
        <EmptyState icon="alert-triangle" title="The outbox could not be loaded" actions={<button type="button" className="btn" onClick={() => void outbox.refetch()}>Try again</button>}>
          {describeError(outbox.error)}
        </EmptyState>
      ) : attempts.length === 0 ? (
        <EmptyState
          icon="mail"
          title={status ? `No ${STATUS_INFO[status].label.toLowerCase()} mail` : dryRun ? "No dry run yet" : "Nothing sent yet"}
          testId="outbox-empty"
          actions={
            !status && (
              <button type="button" className="btn" onClick={() => navigate({ screen: "campaign", campaignId: campaign.id, tab: "schedule" })}>
                Open the Schedule
              </button>
            )
          }
        >
          {status
            ? "Pick another state above to see its mail."
            : dryRun
              ? "A dry run from the Schedule tab writes every due message to a folder without sending; its attempts show here."
              : "Approve drafts in Review, then launch the campaign from its Schedule tab. Every mail shows here with its state and the server's reply."}
        </EmptyState>
      ) : (
        <div className="panel table-scroll outbox-table">
          <table className="data-table outbox-table__table" data-testid="outbox-table">
            <colgroup>
              <col style={{ width: "22%" }} />
              <col style={{ width: "5%" }} />
              <col style={{ width: "16%" }} />
              <col style={{ width: "11%" }} />
              <col style={{ width: "14%" }} />
              <col style={{ width: "32%" }} />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">Recipient</th>
                <th scope="col">Step</th>
                <th scope="col">From</th>
                <th scope="col">State</th>
                <th scope="col">When</th>
                <th scope="col">Server reply and detail</th>
              </tr>
            </thead>
            <tbody>
              {attempts.map((a) => (
                <tr key={a.id} data-testid={`attempt-${a.id}`} data-status={a.status}>
                  <td>
                    <div className="outbox-table__who">
                      {a.lead_name && <span className="truncate">{a.lead_name}</span>}
                      <span className="mono text-muted truncate">{a.recipient}</span>
                    </div>
                  </td>
                  <td data-testid={`attempt-step-${a.id}`}>
                    {a.answer_to !== null ? (
                      <span title="Your answer to a reply, written in the Inbox; it is no step of the sequence">Answer</span>
                    ) : (
                      a.step
                    )}
                  </td>
                  <td className="mono outbox-table__from" title={a.sender ?? undefined}>
                    {a.sender ?? <span className="text-subtle">—</span>}
                  </td>
                  <td>
                    <span className={`badge ${STATUS_INFO[a.status].badge}`} title={STATUS_INFO[a.status].hint} data-testid={`attempt-status-${a.id}`}>
                      {STATUS_INFO[a.status].label}
                    </span>
                    <div className="text-muted outbox-table__tries" data-testid={`attempt-tries-${a.id}`}>
                      {a.tries === 0 ? "not tried yet" : plural(a.tries, "try", "tries")}
                    </div>
                  </td>
                  <td className="outbox-table__when">
                    {a.sent_at ? (
                      <>Sent {formatShortDateTime(a.sent_at)}</>
                    ) : a.started_at ? (
                      <>Started {formatShortDateTime(a.started_at)}</>
                    ) : (
                      <>Due {formatShortDateTime(a.scheduled_at)}</>
                    )}
                  </td>
                  <td className="outbox-table__detail">
                    {(a.smtp_code != null || a.smtp_reply) && (
                      <div className="mono" data-testid={`attempt-reply-${a.id}`}>
                        {a.smtp_code != null && <strong>{a.smtp_code} </strong>}
                        {a.smtp_reply}
                      </div>
                    )}
                    {a.detail && <div data-testid={`attempt-detail-${a.id}`}>{a.detail}</div>}
                    {!a.detail && a.smtp_code == null && !a.smtp_reply && !a.resolution && a.status !== "unknown" && <span className="text-subtle">—</span>}
                    {a.resolution && (
                      <div className="text-muted" data-testid={`attempt-resolution-${a.id}`}>
                        {RESOLUTION_LABEL[a.resolution] ?? a.resolution}
                      </div>
                    )}
                    {a.status === "unknown" && !a.dry_run && (
                      <div className="outbox-table__resolve">
                        <button type="button" className="btn btn--sm" onClick={() => setResolving({ attempt: a, sent: true })} data-testid={`attempt-mark-sent-${a.id}`}>
                          <Icon name="check" size={13} />
                          Mark sent
                        </button>
                        <button type="button" className="btn btn--sm" onClick={() => setResolving({ attempt: a, sent: false })} data-testid={`attempt-mark-not-sent-${a.id}`}>
                          <Icon name="refresh" size={13} />
                          Mark not sent
                        </button>
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {attempts.length === PAGE && <p className="text-muted outbox-table__more">The first {formatCount(PAGE)} are shown; pick a state above to narrow the list.</p>}
        </div>
      )}

      <ConfirmDialog
        open={resolving !== null}
        tone="primary"
        title={resolving?.sent ? `Mark the mail to ${resolving.attempt.recipient} as sent?` : `Mark the mail to ${resolving?.attempt.recipient ?? ""} as not sent?`}
        confirmLabel={resolving?.sent ? "Mark sent" : "Mark not sent and queue again"}
        busy={resolve.isPending}
        testId="resolve-dialog"
        onCancel={() => setResolving(null)}
        onConfirm={() =>
          resolving &&
          resolve.mutate(
            { id: resolving.attempt.id, sent: resolving.sent },
            {
              onSuccess: () => {
                notify.success(resolving.sent ? "Marked as sent; the sequence goes on" : "Marked as not sent; it is queued again");
                setResolving(null);
              },
            },
          )
        }
      >
        <SentFolderEvidence attemptId={resolving?.attempt.id ?? null} />
        <p>
          {resolving?.sent
            ? "Choose this when you found the message in the mailbox's Sent folder or the recipient got it. The lead's follow-ups are then scheduled as usual."
            : "Choose this when you are sure the message did not arrive. It is queued again with the same Message-ID, so a copy that did arrive is recognized as the same mail."}
        </p>
      </ConfirmDialog>
    </div>
  );
}

/** What the Sent folder says, looked up by Message-ID when the dialog opens, shown before the user decides. */
function SentFolderEvidence({ attemptId }: { attemptId: number | null }) {
  const lookup = useSentLookup(attemptId);
  if (attemptId === null) return null;
  if (lookup.isPending) {
    return (
      <p className="text-muted" data-testid="sent-lookup">
        Looking for it in the Sent folder…
      </p>
    );
  }
  if (lookup.isError) {
    return (
      <p className="text-muted" data-testid="sent-lookup">
        The Sent folder could not be searched: {describeError(lookup.error)}
      </p>
    );
  }
  const found = lookup.data;
  return (
    <div className={`sent-lookup ${found.found ? "sent-lookup--found" : ""}`} data-testid="sent-lookup">
      <strong>{found.found ? `Found in ${found.folder}` : `Not in ${found.folder}`}</strong>
      {found.found && (
        <span className="text-muted">
          {" "}
          {found.date ? formatShortDateTime(found.date) : ""} · to {found.to} · {found.subject}
        </span>
      )}
      <p>{found.meaning}</p>
    </div>
  );
}
