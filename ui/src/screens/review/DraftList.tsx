import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef } from "react";
import type { Draft } from "../../ipc/bindings/Draft";
import { QcChips } from "../../components/drafts/QcChips";
import { ReviewStatusBadge } from "./StatusBadge";

const ROW_HEIGHT = 46;

/** The drafts of the filter, virtualized like the leads table; the current one follows j/k. */
export function DraftList({ drafts, currentId, onSelect, onOpen }: { drafts: Draft[]; currentId: number | null; onSelect: (id: number) => void; onOpen: (id: number) => void }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: drafts.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12, getItemKey: (i) => drafts[i]!.id });
  const index = drafts.findIndex((d) => d.id === currentId);
  useEffect(() => {
    if (index >= 0) virtualizer.scrollToIndex(index, { align: "auto" });
  }, [index, virtualizer]);
  return (
    <div className="draft-list" ref={scrollRef} role="listbox" aria-label="Drafts" aria-activedescendant={currentId ? `draft-row-${currentId}` : undefined} data-testid="draft-list">
      <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {virtualizer.getVirtualItems().map((item) => {
          const d = drafts[item.index]!;
          const current = d.id === currentId;
          return (
            <div
              key={item.key}
              id={`draft-row-${d.id}`}
              role="option"
              aria-selected={current}
              className={`draft-row${current ? " is-current" : ""}`}
              style={{ height: item.size, transform: `translateY(${item.start}px)` }}
              onClick={() => onSelect(d.id)}
              onDoubleClick={() => onOpen(d.id)}
              data-testid="draft-row"
              data-draft-id={d.id}
            >
              <ReviewStatusBadge status={d.status} />
              <span className="draft-row__who min-w-0">
                <span className="truncate strong">{d.lead_name || d.lead_email || `Lead ${d.lead_id}`}</span>
                <span className="truncate text-muted">{d.company ?? d.lead_email}</span>
              </span>
              <span className="draft-row__step text-muted">
                {d.step}
                {d.variant}
              </span>
              <span className="draft-row__line2">
                <span className="draft-row__subject truncate">{d.subject || <span className="text-subtle">No subject</span>}</span>
                <QcChips qc={d.qc} offline={d.offline} limit={2} />
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
