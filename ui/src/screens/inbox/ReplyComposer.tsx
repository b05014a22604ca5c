import { useState } from "react";
import type { Attempt } from "../../ipc/bindings/Attempt";
import type { InboxItem } from "../../ipc/bindings/InboxItem";
import { Icon } from "../../components/Icon";
import { Spinner } from "../../components/Spinner";
import { useReplyToMessage } from "../../hooks/inbox";
import { answerOutcome, answerSubject } from "./answer";

/**
 * The answer to the message being read: written here, sent from the mailbox the message came to, threaded under
 * it, through the campaign's outbox and gate. Ctrl+Enter sends, Escape cancels. An answer the gate blocks stays
 * here with the rule that blocked it; one that goes closes the composer (`onSent`).
 */
export function ReplyComposer({ item, onClose, onSent }: { item: InboxItem; onClose: () => void; onSent: (attempt: Attempt) => void }) {
  const [body, setBody] = useState("");
  const [blocked, setBlocked] = useState<string | null>(null);
  const reply = useReplyToMessage();
  const empty = body.trim() === "";

  const send = () => {
    if (empty || reply.isPending) return;
    setBlocked(null);
    reply.mutate(
      { id: item.id, body },
      {
        onSuccess: (attempt) => {
          const outcome = answerOutcome(attempt);
          if (outcome.goes) onSent(attempt);
          else setBlocked(outcome.text);
        },
      },
    );
  };

  return (
    <section
      className="inbox-compose"
      aria-label="Answer"
      data-testid="reply-composer"
      onKeyDown={(e) => {
        if (e.key === "Escape" && !reply.isPending) {
          e.preventDefault();
          e.stopPropagation();
          onClose();
        } else if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          send();
        }
      }}
    >
      <dl className="inbox-compose__head">
        <div>
          <dt>From</dt>
          <dd className="truncate" data-testid="reply-from">
            {item.account_email}
          </dd>
        </div>
        <div>
          <dt>To</dt>
          <dd className="truncate" data-testid="reply-to">
            {item.from_name ? `${item.from_name} <${item.from_address}>` : item.from_address}
          </dd>
        </div>
        <div>
          <dt>Subject</dt>
          <dd className="truncate" data-testid="reply-subject">
            {answerSubject(item.subject)}
          </dd>
        </div>
      </dl>
      <label className="visually-hidden" htmlFor={`reply-body-${item.id}`}>
        Your answer
      </label>
      <textarea
        id={`reply-body-${item.id}`}
        className="textarea inbox-compose__body"
        rows={6}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        placeholder="Write your answer. The account's signature and the compliance footer are added."
        disabled={reply.isPending}
        autoFocus
        data-testid="reply-body"
      />
      {blocked && (
        <p className="callout callout--danger inbox-compose__blocked" role="alert" data-testid="reply-blocked">
          <Icon name="alert-triangle" size={14} />
          {blocked}
        </p>
      )}
      <div className="inbox-compose__foot">
        <span className="text-subtle">Sent through the campaign's outbox and its rules, even while the campaign is paused. Sending marks the message done.</span>
        <button type="button" className="btn btn--sm" onClick={onClose} disabled={reply.isPending} data-testid="reply-cancel">
          Cancel <kbd className="kbd">Esc</kbd>
        </button>
        <button type="button" className="btn btn--sm btn--primary" onClick={send} disabled={empty || reply.isPending} data-testid="reply-send">
          {reply.isPending ? <Spinner size={14} label="Sending" /> : <Icon name="mail" size={14} />}
          {reply.isPending ? "Sending…" : "Send"} <kbd className="kbd">Ctrl+Enter</kbd>
        </button>
      </div>
    </section>
  );
}
