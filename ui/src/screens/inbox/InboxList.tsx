import { useEffect, useRef } from "react";
import type { InboxItem } from "../../ipc/bindings/InboxItem";
import { Icon } from "../../components/Icon";
import { classOf, senderOf } from "./labels";

/** "09:41" today, "Mon 7 Dec" this year, else "7 Dec 2025". */
export function listTime(value: string, now: Date): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  if (d.toDateString() === now.toDateString()) return d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  if (d.getFullYear() === now.getFullYear()) return d.toLocaleDateString(undefined, { weekday: "short", day: "numeric", month: "short" });
  return d.toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" });
}

/** The messages of the filter; the current one follows j/k. Open messages are the unread ones. */
export function InboxList({ items, currentId, onSelect }: { items: InboxItem[]; currentId: number | null; onSelect: (id: number) => void }) {
  const listRef = useRef<HTMLDivElement>(null);
  const now = new Date();
  useEffect(() => {
    if (currentId === null) return;
    const row = listRef.current?.querySelector(`[data-item-id="${currentId}"]`);
    row?.scrollIntoView?.({ block: "nearest" });
  }, [currentId]);
  return (
    <div className="inbox-list" ref={listRef} role="listbox" aria-label="Messages" aria-activedescendant={currentId ? `inbox-row-${currentId}` : undefined} data-testid="inbox-list">
      {items.map((item) => {
        const cls = classOf(item);
        const current = item.id === currentId;
        const unread = item.state === "open";
        return (
          <div
            key={item.id}
            id={`inbox-row-${item.id}`}
            role="option"
            aria-selected={current}
            className={`inbox-row${current ? " is-current" : ""}${unread ? " is-unread" : ""}`}
            onClick={() => onSelect(item.id)}
            data-testid="inbox-row"
            data-item-id={item.id}
          >
            <span className="inbox-row__from">
              {unread && <span className="inbox-row__dot" aria-label="Open" />}
              <span className="truncate">{senderOf(item)}</span>
            </span>
            <span className="inbox-row__time text-subtle nowrap">{listTime(item.received_at, now)}</span>
            <span className="inbox-row__subject truncate">{item.subject || "No subject"}</span>
            <span className={`inbox-class inbox-class--${cls.tone}`}>{cls.label}</span>
            <span className="inbox-row__snippet truncate text-muted">{item.snippet}</span>
            <span className="inbox-row__meta text-subtle">
              {item.attachment_count > 0 && <Icon name="file" size={12} />}
              {item.campaign_name && <span className="truncate">{item.campaign_name}</span>}
            </span>
          </div>
        );
      })}
    </div>
  );
}
