import { useEffect, useState } from "react";
import type { DraftWriting } from "../../ipc/bindings/DraftWriting";
import { onDataChanged, onDraftWriting } from "../../ipc/events";
import { useLead } from "../../hooks/leads";
import { isComplete, partialStringField } from "../../lib/partialJson";

type Writing = { leadId: number; step: number; text: string };

/** The drafts a model is writing for this campaign right now, as far as each has arrived. A draft leaves the
 * list once the engine says drafts changed and its answer is whole (it is then in the queue itself). */
export function useDraftsBeingWritten(campaignId: number): Writing[] {
  const [writing, setWriting] = useState<Writing[]>([]);
  useEffect(() => {
    const apply = (piece: DraftWriting) => {
      if (piece.campaign_id !== campaignId) return;
      setWriting((list) => {
        const rest = list.filter((w) => w.leadId !== piece.lead_id || w.step !== piece.step);
        const current = list.find((w) => w.leadId === piece.lead_id && w.step === piece.step);
        const text = piece.chunk.kind === "restart" ? "" : (current?.text ?? "") + piece.chunk.text;
        return [...rest, { leadId: piece.lead_id, step: piece.step, text }];
      });
    };
    const stopWriting = onDraftWriting(apply);
    const stopChanges = onDataChanged((change) => {
      if (change.entity === "drafts" || change.entity === "everything") setWriting((list) => list.filter((w) => !isComplete(w.text)));
    });
    return () => {
      stopWriting();
      stopChanges();
    };
  }, [campaignId]);
  return writing;
}

function WritingCard({ writing }: { writing: Writing }) {
  const lead = useLead(writing.leadId);
  const name = lead.data ? [lead.data.first_name, lead.data.last_name].filter(Boolean).join(" ") || lead.data.email : `Lead ${writing.leadId}`;
  const subject = partialStringField(writing.text, "subject");
  const body = partialStringField(writing.text, "body");
  return (
    <article className="writing-now__card" data-testid="writing-card">
      <header className="writing-now__head">
        <span className="writing-now__pulse" aria-hidden />
        <strong>{name}</strong>
        <span className="text-muted">· step {writing.step} · the model is writing</span>
      </header>
      {subject && <div className="writing-now__subject">{subject}</div>}
      <div className="writing-now__body" data-testid="writing-body">
        {body ?? "…"}
        <span className="writing-now__caret" aria-hidden />
      </div>
    </article>
  );
}

/** Drafts streaming in from the model, shown above the queue while they are written. */
export function WritingNow({ campaignId }: { campaignId: number }) {
  const writing = useDraftsBeingWritten(campaignId);
  if (writing.length === 0) return null;
  return (
    <section className="writing-now" aria-live="polite" aria-label="Drafts being written" data-testid="writing-now">
      {writing.map((w) => (
        <WritingCard key={`${w.leadId}:${w.step}`} writing={w} />
      ))}
    </section>
  );
}
