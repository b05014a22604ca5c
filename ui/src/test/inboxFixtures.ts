import type { InboxItem } from "../ipc/bindings/InboxItem";
import type { InboxPage } from "../ipc/bindings/InboxPage";
import type { InboxQuery } from "../ipc/bindings/InboxQuery";
import type { MessageView } from "../ipc/bindings/MessageView";

const AT = "2026-12-07T09:30:00Z";

export function inboxItem(id: number, over: Partial<InboxItem> = {}): InboxItem {
  return {
    id,
    account_id: 1,
    account_email: "sam@northwind.example",
    campaign_id: 1,
    campaign_name: "Q1 SaaS founders",
    lead_id: 10 + id,
    lead_name: `Lead ${id}`,
    from_address: `lead${id}@globex.example`,
    from_name: `Lead ${id}`,
    subject: `Re: Quick question ${id}`,
    snippet: `Reply ${id} text`,
    received_at: AT,
    kind: "reply",
    category: "interested",
    category_source: "rules",
    state: "open",
    snoozed_until: null,
    attachment_count: 0,
    return_date: null,
    effect: null,
    ...over,
  };
}

export function messageView(item: InboxItem, over: Partial<MessageView> = {}): MessageView {
  return {
    item,
    to: item.account_email,
    date: item.received_at,
    message_id: `reply-${item.id}@globex.example`,
    text: item.snippet,
    html: null,
    blocked_images: 0,
    attachments: [],
    bounce: null,
    thread: [],
    ...over,
  };
}

/** The engine's reading of a query over a list of items: filters, and open counts per kind and class. */
export function inboxPage(items: InboxItem[], q: InboxQuery): InboxPage {
  const visible = items.filter(
    (i) =>
      (q.state === null ? i.state === "open" : i.state === q.state) &&
      (q.kind === null || i.kind === q.kind) &&
      (q.category === null || i.category === q.category) &&
      (q.campaign_id === null || i.campaign_id === q.campaign_id) &&
      (q.account_id === null || i.account_id === q.account_id) &&
      (q.search === null || `${i.subject} ${i.snippet} ${i.from_address}`.toLowerCase().includes(q.search.toLowerCase())),
  );
  const counts = new Map<string, { kind: InboxItem["kind"]; category: InboxItem["category"]; count: number }>();
  for (const i of items.filter((x) => x.state === "open")) {
    const key = `${i.kind}:${i.category}`;
    const c = counts.get(key) ?? { kind: i.kind, category: i.kind === "reply" ? i.category : null, count: 0 };
    c.count++;
    counts.set(key, c);
  }
  return { items: visible.slice(q.offset ?? 0, (q.offset ?? 0) + (q.limit ?? visible.length)), total: visible.length, counts: [...counts.values()] };
}
