import { useMemo, useState } from "react";
import type { Campaign } from "../../../ipc/bindings/Campaign";
import type { SendReport } from "../../../ipc/bindings/SendReport";
import { EmptyState } from "../../../components/EmptyState";
import { Icon } from "../../../components/Icon";
import { SkeletonRows, Spinner } from "../../../components/Spinner";
import { useToast } from "../../../components/toast/ToastContext";
import { useSchedulePreview, useSendCampaign } from "../../../hooks/outbox";
import { pickDryRunFolder } from "../../../ipc/dialog";
import { describeError } from "../../../ipc/errors";
import { formatCount, formatShortDateTime, plural } from "../../../lib/format";
import { useNavigation } from "../../../state/navigation";
import { STATUS_INFO } from "./labels";
import { SendingControls } from "./SendingControls";
import "./sending.css";

/** Rows of the send table shown at once; the rest is one click away. */
const SHOWN_SENDS = 100;

export function ScheduleTab({ campaign }: { campaign: Campaign }) {
  const preview = useSchedulePreview(campaign.id);
  const send = useSendCampaign();
  const notify = useToast();
  const { navigate } = useNavigation();
  const [report, setReport] = useState<SendReport | null>(null);
  const [account, setAccount] = useState<string>("");
  const [showAll, setShowAll] = useState(false);

  const dryRun = async () => {
    try {
      const dir = await pickDryRunFolder();
      if (!dir) return;
      send.mutate({ campaignId: campaign.id, dryRunDir: dir }, { onSuccess: setReport });
    } catch (e) {
      notify.error(e, "The folder could not be chosen");
    }
  };

  const p = preview.data;
  const sends = useMemo(() => (p ? p.sends.filter((s) => !account || s.account === account) : []), [p, account]);
  const shown = showAll ? sends : sends.slice(0, SHOWN_SENDS);

  return (
    <div className="schedule-tab" data-testid="schedule-tab">
      <SendingControls campaign={campaign} waiting={p ? p.waiting : null} blocked={p ? p.problems.length > 0 : undefined}>
        <button type="button" className="btn" onClick={() => void dryRun()} disabled={send.isPending} data-testid="dry-run">
          {send.isPending ? <Spinner size={14} label="Writing messages" /> : <Icon name="file" />}
          Dry run to folder…
        </button>
      </SendingControls>

      {report && (
        <div className="callout callout--success dry-run-report" role="status" data-testid="dry-run-report">
          <Icon name="check-circle" />
          <div>
            <strong>Dry run finished: nothing was sent.</strong> {report.message}
            {report.dry_run_dir && (
              <div>
                Messages written as .eml files to <code className="mono">{report.dry_run_dir}</code>
              </div>
            )}
            <div className="text-muted">
              {report.counts
                .filter((c) => c.count > 0)
                .map((c) => `${formatCount(c.count)} ${STATUS_INFO[c.status].label.toLowerCase()}`)
                .join(" · ") || "No message was due."}
            </div>
          </div>
          <button type="button" className="icon-button" aria-label="Close the dry run result" onClick={() => setReport(null)}>
            <Icon name="x" />
          </button>
        </div>
      )}

      {preview.isPending ? (
        <div className="panel">
          <SkeletonRows rows={6} label="Playing the schedule forward" />
        </div>
      ) : preview.isError ? (
        <EmptyState icon="alert-triangle" title="The schedule could not be worked out" actions={<button type="button" className="btn" onClick={() => void preview.refetch()}>Try again</button>}>
          {describeError(preview.error)}
        </EmptyState>
      ) : (
        p && (
          <>
            {p.problems.length > 0 && (
              <div className="callout callout--warning launch-blockers" data-testid="launch-blockers">
                <Icon name="alert-triangle" />
                <div>
                  <strong>Launch is blocked until:</strong>
                  <ul>
                    {p.problems.map((problem) => (
                      <li key={problem}>{problem}</li>
                    ))}
                  </ul>
                  <div className="launch-blockers__links">
                    <button type="button" className="link-button" onClick={() => navigate({ screen: "settings", tab: "accounts" })}>
                      Sender accounts
                    </button>
                    <button type="button" className="link-button" onClick={() => navigate({ screen: "settings", tab: "compliance" })}>
                      Compliance
                    </button>
                    <button type="button" className="link-button" onClick={() => navigate({ screen: "campaign", campaignId: campaign.id, tab: "review" })}>
                      Review
                    </button>
                  </div>
                </div>
              </div>
            )}

            {p.waiting === 0 ? (
              <EmptyState
                icon="inbox"
                title="Nothing is waiting to be sent"
                testId="schedule-empty"
                actions={
                  <button type="button" className="btn" onClick={() => navigate({ screen: "campaign", campaignId: campaign.id, tab: "review" })}>
                    Go to Review
                  </button>
                }
              >
                Approve drafts in the Review tab first; each approved draft becomes a mail in this schedule.
              </EmptyState>
            ) : (
              <>
                <p className="schedule-summary" data-testid="schedule-summary">
                  <strong>{plural(p.waiting, "mail")}</strong> waiting
                  {p.sends.length > 0 && (
                    <>
                      {" "}
                      · the first {plural(p.sends.length, "send")} planned below
                    </>
                  )}
                  {p.unplaced > 0 && <span className="text-danger"> · {plural(p.unplaced, "mail")} cannot be placed within 30 days</span>} · your clock: <span className="mono">{p.user_timezone}</span>
                </p>

                <div className="schedule-grid">
                  <section className="card schedule-card" aria-labelledby="schedule-accounts-title">
                    <h3 id="schedule-accounts-title" className="schedule-card__title">
                      Per mailbox
                    </h3>
                    {p.accounts.length === 0 ? (
                      <p className="text-muted">No mailbox can send: add or fix one in Settings → Sender accounts.</p>
                    ) : (
                      <table className="data-table schedule-accounts" data-testid="schedule-accounts">
                        <colgroup>
                          <col style={{ width: "34%" }} />
                          <col style={{ width: "15%" }} />
                          <col style={{ width: "13%" }} />
                          <col style={{ width: "38%" }} />
                        </colgroup>
                        <thead>
                          <tr>
                            <th scope="col">Mailbox</th>
                            <th scope="col">Today</th>
                            <th scope="col">Planned</th>
                            <th scope="col">Between</th>
                          </tr>
                        </thead>
                        <tbody>
                          {p.accounts.map((a) => (
                            <tr key={a.email}>
                              <td className="mono schedule-accounts__email">{a.email}</td>
                              <td className="nowrap" title="Today's allowance (ramp-up) of the daily cap">
                                {a.allowance_today} of {a.daily_cap}
                              </td>
                              <td>{formatCount(a.sends)}</td>
                              <td>{a.first_at ? `${formatShortDateTime(a.first_at)} – ${formatShortDateTime(a.last_at)}` : "—"}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    )}
                  </section>
                  <section className="card schedule-card" aria-labelledby="schedule-hours-title">
                    <h3 id="schedule-hours-title" className="schedule-card__title">
                      Keep the computer on
                    </h3>
                    {p.on_hours.length === 0 ? (
                      <p className="text-muted">No send is planned yet.</p>
                    ) : (
                      <ul className="on-hours" data-testid="schedule-on-hours">
                        {p.on_hours.map((h) => (
                          <li key={h.day}>
                            <span className="on-hours__day">{h.day}</span>
                            <span className="mono">
                              {h.from}–{h.to}
                            </span>
                            <span className="text-muted">{plural(h.sends, "send")}</span>
                          </li>
                        ))}
                      </ul>
                    )}
                    <p className="text-muted schedule-card__hint">Your clock. Reach sends only while it (or reach agent) runs; asleep, nothing bursts when it wakes.</p>
                  </section>
                </div>

                {p.sends.length > 0 && (
                  <section className="settings-section" aria-labelledby="schedule-sends-title">
                    <div className="section-head">
                      <h3 id="schedule-sends-title" className="section-title">
                        What goes out when
                      </h3>
                      {p.accounts.length > 1 && (
                        <select className="select select--sm" aria-label="Mailbox" value={account} onChange={(e) => setAccount(e.target.value)} data-testid="schedule-account-filter">
                          <option value="">Every mailbox</option>
                          {p.accounts.map((a) => (
                            <option key={a.email} value={a.email}>
                              {a.email}
                            </option>
                          ))}
                        </select>
                      )}
                    </div>
                    <div className="panel table-scroll">
                      <table className="data-table" data-testid="schedule-sends">
                        <thead>
                          <tr>
                            <th scope="col">Recipient</th>
                            <th scope="col">Step</th>
                            {p.accounts.length > 1 && <th scope="col">From</th>}
                            <th scope="col">Their time</th>
                            <th scope="col">Your time</th>
                          </tr>
                        </thead>
                        <tbody>
                          {shown.map((s, i) => (
                            <tr key={`${s.recipient}-${s.step}-${i}`}>
                              <td className="mono">{s.recipient}</td>
                              <td>{s.step}</td>
                              {p.accounts.length > 1 && <td className="mono">{s.account}</td>}
                              <td className="nowrap">{s.recipient_time}</td>
                              <td className="nowrap">{s.user_time}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </div>
                    {sends.length > shown.length && (
                      <button type="button" className="btn btn--sm" onClick={() => setShowAll(true)}>
                        Show all {formatCount(sends.length)}
                      </button>
                    )}
                  </section>
                )}
              </>
            )}
          </>
        )
      )}
    </div>
  );
}
