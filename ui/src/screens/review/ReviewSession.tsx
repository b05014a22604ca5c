import { useEffect, useState, type RefObject } from "react";
import type { Draft } from "../../ipc/bindings/Draft";
import type { QcResult } from "../../ipc/bindings/QcResult";
import { useToast } from "../../components/toast/ToastContext";
import { useDecide, useEditDraft, useRegenerateDraft } from "../../hooks/review";
import { HintBar } from "./CheatSheet";
import { DraftList } from "./DraftList";
import { DraftView, approveBlocked, type DraftCommands, type Panel } from "./DraftView";
import { nextAfterDecision } from "./reviewFilter";
import { useReviewKeys } from "./useReviewKeys";

export type Mode = "list" | "one";

/**
 * Reviewing a list of drafts by keyboard or pointer: the list, or one draft at a time. After a decision the
 * next waiting draft opens; the list refreshes from the engine's change events.
 */
export function ReviewSession({
  drafts,
  mode,
  onMode,
  searchRef,
  frozenQc,
  empty,
}: {
  drafts: Draft[];
  mode: Mode;
  onMode: (mode: Mode) => void;
  searchRef?: RefObject<HTMLInputElement | null>;
  frozenQc?: Map<number, QcResult[]>;
  empty: React.ReactNode;
}) {
  const notify = useToast();
  const [currentId, setCurrentId] = useState<number | null>(null);
  // Where the current draft was: when a decision takes it out of the list, the one now there opens.
  const [anchor, setAnchor] = useState(0);
  const [panel, setPanel] = useState<Panel>("none");
  const [sheet, setSheet] = useState(false);
  const decide = useDecide();
  const edit = useEditDraft();
  const regenerate = useRegenerateDraft();
  const busy = decide.isPending || edit.isPending || regenerate.isPending;

  const found = drafts.findIndex((d) => d.id === currentId);
  const index = found >= 0 ? found : Math.min(anchor, drafts.length - 1);
  const current = index >= 0 ? drafts[index] : undefined;

  useEffect(() => {
    if (current && current.id !== currentId) setCurrentId(current.id);
  }, [current, currentId]);

  const select = (i: number) => {
    const d = drafts[Math.max(0, Math.min(drafts.length - 1, i))];
    if (!d) return;
    setCurrentId(d.id);
    setAnchor(Math.max(0, Math.min(drafts.length - 1, i)));
    setPanel("none");
  };
  const afterDecision = () => {
    const next = nextAfterDecision(drafts, index);
    setAnchor(index);
    setCurrentId(next);
    setPanel("none");
  };

  const commands: DraftCommands | null = current
    ? {
        approve: () => {
          const blocked = approveBlocked(current);
          if (blocked) return notify.error({ code: "conflict", message: blocked }, "This draft cannot be approved");
          decide.mutate({ id: current.id, decision: { action: "approve" } }, { onSuccess: afterDecision });
        },
        reopen: () => decide.mutate({ id: current.id, decision: { action: "reopen" } }, { onSuccess: () => setPanel("none") }),
        open: (p) => setPanel(p),
        reject: (note) => decide.mutate({ id: current.id, decision: { action: "reject", note } }, { onSuccess: afterDecision }),
        request: (note) =>
          decide.mutate({ id: current.id, decision: note ? { action: "request_regeneration", note } : { action: "request_regeneration" } }, { onSuccess: afterDecision }),
        edit: (subject, body) =>
          edit.mutate(
            { id: current.id, subject, body },
            {
              onSuccess: () => {
                setPanel("none");
                notify.success("Edit saved", "The diff shows what changed.");
              },
            },
          ),
        regenerate: (instruction, keepSpin) =>
          regenerate.mutate(
            { id: current.id, instruction: instruction || null, keep_spin: keepSpin },
            {
              onSuccess: (d) => {
                setPanel("none");
                notify.success(`Version ${d.version} written`);
              },
            },
          ),
      }
    : null;

  const status = current?.status;
  useReviewKeys(
    {
      j: () => select(index + 1),
      k: () => select(index - 1),
      a: () => !busy && status && (status === "pending" || status === "regenerated") && commands?.approve(),
      r: () => status && (status === "pending" || status === "regenerated") && setPanel("reject"),
      e: () => status && ["pending", "regenerated", "needs_regeneration"].includes(status) && setPanel("edit"),
      g: () => status && ["pending", "regenerated", "needs_regeneration"].includes(status) && setPanel("regenerate"),
      n: () => status === "pending" && setPanel("request"),
      o: () => !busy && (status === "approved" || status === "rejected") && commands?.reopen(),
      Enter: () => current && onMode("one"),
      Escape: () => (panel !== "none" ? setPanel("none") : onMode("list")),
      "/": () => searchRef?.current?.focus(),
      "?": () => setSheet((s) => !s),
    },
    true,
  );

  return (
    <div className={`review-session review-session--${mode}`}>
      <HintBar open={sheet} onToggle={() => setSheet((s) => !s)} />
      {drafts.length === 0 ? (
        empty
      ) : mode === "list" ? (
        <div className="review-split">
          <DraftList drafts={drafts} currentId={current?.id ?? null} onSelect={(id) => select(drafts.findIndex((d) => d.id === id))} onOpen={() => onMode("one")} />
          {current && commands && <DraftView draft={current} panel={panel} busy={busy} commands={commands} frozenQc={frozenQc?.get(current.id)} />}
        </div>
      ) : (
        current &&
        commands && (
          <div className="review-one">
            <div className="review-one__nav text-muted" data-testid="review-position">
              Draft {index + 1} of {drafts.length}
            </div>
            <DraftView draft={current} panel={panel} busy={busy} commands={commands} frozenQc={frozenQc?.get(current.id)} />
          </div>
        )
      )}
    </div>
  );
}
