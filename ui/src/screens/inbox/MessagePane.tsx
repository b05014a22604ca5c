import { useState } from "react";
import type { Attempt } from "../../ipc/bindings/Attempt";
import type { InboxItem } from "../../ipc/bindings/InboxItem";
import type { ReplyCategory } from "../../ipc/bindings/ReplyCategory";
import { EmptyState } from "../../components/EmptyState";
import { Icon } from "../../components/Icon";
import { SkeletonRows } from "../../components/Spinner";
import { useToast } from "../../components/toast/ToastContext";
import { useInboxMessage } from "../../hooks/inbox";
import { describeError } from "../../ipc/errors";
import { openInBrowser } from "../../ipc/opener";
import { formatDateTime, plural } from "../../lib/format";
import { useNavigation } from "../../state/navigation";
import { AttachmentList, BounceDetails, ThreadList } from "./MessageDetails";
import { MailFrame } from "./MailFrame";
import { ReplyComposer } from "./ReplyComposer";
import { whyNotAnswerable } from "./answer";
import { SnoozePanel } from "./SnoozePanel";
import { CATEGORIES, classOf, senderOf } from "./labels";

export type MessageCommands = {
  done: () => void;
  reopen: () => void;
  snooze: (until: string) => void;
  relabel: (category: ReplyCategory) => void;
};

/** Whether a message can carry a reply's class (bounces and out-of-office mail cannot). */
export function relabelable(item: Pick<InboxItem, "kind">): boolean {
  return item.kind === "reply" || item.kind === "other";
}

/** The message being read: who and where, what reading it did, bounce or return date, the body, the thread. */
export function MessagePane({
  item,
  commands,
  busy,
  snoozing,
  onSnoozing,
  replying,
  onReplying,
  onAnswered,
  onFrameKey,
}: {
  item: InboxItem;
  commands: MessageCommands;
  busy: boolean;
  snoozing: boolean;
  onSnoozing: (open: boolean) => void;
  /** Whether the answer composer is open under the header. */
  replying: boolean;
  onReplying: (open: boolean) => void;
  /** An answer that went (or will go): the composer closes and the screen says what became of it. */
  onAnswered: (attempt: Attempt) => void;
  onFrameKey: (e: KeyboardEvent) => void;
}) {
  const { navigate } = useNavigation();
  const notify = useToast();
  const [allowImages, setAllowImages] = useState(false);
  const message = useInboxMessage(item.id, allowImages);
  const m = message.data;
  const cls = classOf(item);
  const open = (url: string) => void openInBrowser(url).catch((e) => notify.error(e, "The link did not open"));

  return (
    <article className="inbox-message" aria-label={`Message from ${senderOf(item)}`} data-testid="message-pane" data-message-id={item.id}>
      <header className="inbox-message__head">
        <div className="min-w-0">
          <h2 className="inbox-message__subject" data-testid="message-subject">
            {item.subject || <span className="text-subtle">No subject</span>}
          </h2>
          <div className="inbox-message__from">
            <span className="strong">{senderOf(item)}</span>
            {item.from_address && <span className="text-muted mono">&lt;{item.from_address}&gt;</span>}
            <span className={`inbox-class inbox-class--${cls.tone}`} data-testid="message-class">
              {cls.label}
            </span>
            {item.category_source === "user" && (
              <span className="text-subtle" data-testid="label-kept" title="A later reading never overwrites your label">
                label set by you, kept
              </span>
            )}
          </div>
        </div>
        <div className="inbox-message__actions">
          <button
            type="button"
            className="btn btn--sm"
            disabled={busy || whyNotAnswerable(item) !== null}
            title={whyNotAnswerable(item) ?? "Answer from the mailbox it came to, in the same thread"}
            aria-expanded={replying}
            onClick={() => onReplying(!replying)}
            data-testid="message-reply"
          >
            <Icon name="mail" size={14} />
            Reply <kbd className="kbd">a</kbd>
          </button>
          {item.state !== "done" && (
            <button type="button" className="btn btn--sm" disabled={busy} onClick={commands.done} data-testid="message-done">
              <Icon name="check" size={14} />
              Done <kbd className="kbd">e</kbd>
            </button>
          )}
          {item.state !== "open" && (
            <button type="button" className="btn btn--sm" disabled={busy} onClick={commands.reopen} data-testid="message-reopen">
              <Icon name="unarchive" size={14} />
              Back to open <kbd className="kbd">u</kbd>
            </button>
          )}
          <button type="button" className="btn btn--sm" disabled={busy} aria-expanded={snoozing} onClick={() => onSnoozing(!snoozing)} data-testid="message-snooze">
            <Icon name="history" size={14} />
            Snooze <kbd className="kbd">s</kbd>
          </button>
          {relabelable(item) && (
            <label className="inbox-message__label">
              <span className="visually-hidden">Class</span>
              <select
                className="select select--sm"
                value={item.category ?? ""}
                disabled={busy}
                onChange={(e) => e.target.value && commands.relabel(e.target.value as ReplyCategory)}
                data-testid="message-relabel"
              >
                {item.category === null && <option value="">Not classified</option>}
                {CATEGORIES.map((c, i) => (
                  <option key={c.category} value={c.category}>
                    {i + 1} · {c.label}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
      </header>
      {snoozing && <SnoozePanel now={new Date()} onSnooze={commands.snooze} onClose={() => onSnoozing(false)} />}
      {replying && <ReplyComposer item={item} onClose={() => onReplying(false)} onSent={onAnswered} />}

      <dl className="inbox-message__meta" data-testid="message-meta">
        <div>
          <dt>To</dt>
          <dd className="truncate">{m ? m.to || "—" : "…"}</dd>
        </div>
        <div>
          <dt>Date</dt>
          <dd>{formatDateTime(m?.date ?? item.received_at)}</dd>
        </div>
        <div>
          <dt>Account</dt>
          <dd className="truncate">{item.account_email}</dd>
        </div>
        {item.campaign_id !== null && (
          <div>
            <dt>Campaign</dt>
            <dd>
              <button type="button" className="link-button" onClick={() => navigate({ screen: "campaign", campaignId: item.campaign_id!, tab: "activity" })} data-testid="message-campaign">
                {item.campaign_name ?? `Campaign ${item.campaign_id}`}
              </button>
            </dd>
          </div>
        )}
        {item.lead_id !== null && (
          <div>
            <dt>Lead</dt>
            <dd>
              <button type="button" className="link-button" onClick={() => navigate({ screen: "leads", leadId: item.lead_id! })} data-testid="message-lead">
                {item.lead_name || item.from_address || `Lead ${item.lead_id}`}
              </button>
            </dd>
          </div>
        )}
        {item.state === "snoozed" && item.snoozed_until && (
          <div>
            <dt>Snoozed until</dt>
            <dd>{formatDateTime(item.snoozed_until)}</dd>
          </div>
        )}
      </dl>

      {item.effect && (
        <p className="inbox-effect" data-testid="message-effect">
          <Icon name="info" size={14} />
          {item.effect}
        </p>
      )}
      {item.kind === "auto_reply" && (
        <p className="inbox-effect inbox-effect--away" data-testid="message-return">
          <Icon name="history" size={14} />
          {item.return_date ? <>Back on {formatDay(item.return_date)}; the sequence waits until then.</> : "Out of office; no return date could be read from it."}
        </p>
      )}

      {message.isPending ? (
        <SkeletonRows rows={5} label="Opening the message" />
      ) : message.isError ? (
        <EmptyState icon="alert-triangle" title="The message could not be opened" actions={<button type="button" className="btn" onClick={() => void message.refetch()}>Try again</button>}>
          {describeError(message.error)}
        </EmptyState>
      ) : (
        m && (
          <>
            {m.bounce && <BounceDetails bounce={m.bounce} />}
            <AttachmentList attachments={m.attachments} />
            {m.blocked_images > 0 && !allowImages && (
              <div className="inbox-images callout callout--warning" data-testid="images-blocked">
                <Icon name="alert-triangle" size={14} />
                <span>{plural(m.blocked_images, "remote image")} blocked: loading them tells the sender you read this.</span>
                <button type="button" className="btn btn--sm" onClick={() => setAllowImages(true)} data-testid="images-show">
                  Show images
                </button>
              </div>
            )}
            <div className="inbox-body">
              {m.html ? (
                <MailFrame html={m.html} allowRemoteImages={allowImages} title={`Message: ${item.subject}`} onLink={open} onKey={onFrameKey} />
              ) : m.text ? (
                <pre className="mail-text" data-testid="message-text">
                  {m.text}
                </pre>
              ) : (
                <p className="text-muted inbox-body__empty">This message has no text.</p>
              )}
            </div>
            <ThreadList entries={m.thread} />
          </>
        )
      )}
    </article>
  );
}

/** "Mon 14 Dec 2026" from "2026-12-14". */
export function formatDay(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).toLocaleDateString(undefined, { weekday: "short", day: "numeric", month: "short", year: "numeric" });
}
