import { useState } from "react";
import type { AttachmentInfo } from "../../ipc/bindings/AttachmentInfo";
import type { Bounce } from "../../ipc/bindings/Bounce";
import type { ThreadEntry } from "../../ipc/bindings/ThreadEntry";
import { Icon } from "../../components/Icon";
import { formatDateTime } from "../../lib/format";
import { BOUNCE_REASON, formatBytes } from "./labels";

/** Each recipient the bounce names: status, hard or soft, the reason and the server's words. */
export function BounceDetails({ bounce }: { bounce: Bounce }) {
  return (
    <section className="inbox-bounce" aria-label="Bounce" data-testid="message-bounce">
      {bounce.recipients.length === 0 && <p className="text-muted">The bounce names no recipient; it was matched to the mail it returned.</p>}
      {bounce.recipients.map((r, i) => (
        <dl key={i} className="inbox-bounce__recipient" data-testid="bounce-recipient">
          <div>
            <dt>Recipient</dt>
            <dd className="mono">{r.address ?? "not stated"}</dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd className="mono">{r.status ?? "—"}{r.action ? ` (${r.action})` : ""}</dd>
          </div>
          <div>
            <dt>Kind</dt>
            <dd>
              <span className={`badge badge--tone-${r.hard ? "danger" : "warning"}`} data-testid="bounce-hard">
                {r.hard ? "Hard: the address is bad" : "Soft: it may work later"}
              </span>
            </dd>
          </div>
          <div>
            <dt>Reason</dt>
            <dd>{BOUNCE_REASON[r.reason]}</dd>
          </div>
          {r.diagnostic && (
            <div className="inbox-bounce__wide">
              <dt>Server said</dt>
              <dd className="mono">{r.diagnostic}</dd>
            </div>
          )}
        </dl>
      ))}
      <p className="text-subtle inbox-bounce__foot">{bounce.standard ? "A standard delivery status notification." : "Read from the text of the bounce (not a standard notification)."}</p>
    </section>
  );
}

export function AttachmentList({ attachments }: { attachments: AttachmentInfo[] }) {
  if (attachments.length === 0) return null;
  return (
    <ul className="inbox-attachments" aria-label="Attachments" data-testid="message-attachments">
      {attachments.map((a, i) => (
        <li key={i} className="chip chip--static" title="Attachments are listed, not opened">
          <Icon name="file" size={13} />
          <span className="truncate">{a.name ?? "unnamed"}</span>
          <span className="text-subtle">
            {a.content_type} · {formatBytes(a.size)}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The mails around this one, oldest first, one line each until opened. */
export function ThreadList({ entries }: { entries: ThreadEntry[] }) {
  const others = entries.filter((e) => !e.current);
  const [open, setOpen] = useState<Set<string>>(new Set());
  if (others.length === 0) return null;
  const toggle = (key: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  return (
    <section className="inbox-thread" aria-label="Thread" data-testid="message-thread">
      <h3 className="inbox-thread__title">Thread</h3>
      <ol>
        {others.map((e) => {
          const key = `${e.direction}-${e.id}`;
          const expanded = open.has(key);
          return (
            <li key={key} className={`inbox-thread__entry inbox-thread__entry--${e.direction}`} data-testid="thread-entry">
              <button type="button" className="inbox-thread__line" aria-expanded={expanded} onClick={() => toggle(key)}>
                <Icon name={expanded ? "chevron-down" : "chevron-right"} size={14} />
                <span className="inbox-thread__who">{e.direction === "sent" ? `You (${e.from})` : e.from}</span>
                <span className="truncate text-muted">{e.subject}</span>
                <span className="text-subtle nowrap">{formatDateTime(e.at)}</span>
              </button>
              {expanded && (
                <pre className="mail-text inbox-thread__text" data-testid="thread-text">
                  {e.text}
                </pre>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
