import type { BounceReason } from "../../ipc/bindings/BounceReason";
import type { InboxCount } from "../../ipc/bindings/InboxCount";
import type { InboxItem } from "../../ipc/bindings/InboxItem";
import type { MessageKind } from "../../ipc/bindings/MessageKind";
import type { ReplyCategory } from "../../ipc/bindings/ReplyCategory";

/** The classes of a human reply, in the order of their keys 1–7. */
export const CATEGORIES: { category: ReplyCategory; label: string }[] = [
  { category: "interested", label: "Interested" },
  { category: "not_now", label: "Not now" },
  { category: "not_interested", label: "Not interested" },
  { category: "unsubscribe", label: "Unsubscribe" },
  { category: "referral", label: "Referral" },
  { category: "question", label: "Question" },
  { category: "other", label: "Other" },
];

export function categoryLabel(category: ReplyCategory): string {
  return CATEGORIES.find((c) => c.category === category)?.label ?? category;
}

/** A filter chip: a class of human replies, or a kind of mail that is not one (out of office, bounce). */
export type ClassFilter = { kind: "reply"; category: ReplyCategory } | { kind: "auto_reply" | "bounce"; category: null };

export const CLASS_FILTERS: { id: string; label: string; filter: ClassFilter }[] = [
  ...CATEGORIES.map(({ category, label }) => ({ id: category, label, filter: { kind: "reply", category } as ClassFilter })),
  { id: "auto_reply", label: "Out of office", filter: { kind: "auto_reply", category: null } },
  { id: "bounce", label: "Bounce", filter: { kind: "bounce", category: null } },
];

/** How many open items a chip stands for, from the engine's counts per kind and class. */
export function countFor(counts: InboxCount[], filter: ClassFilter): number {
  return counts.filter((c) => c.kind === filter.kind && (filter.category === null || c.category === filter.category)).reduce((n, c) => n + c.count, 0);
}

const KIND_LABEL: Record<MessageKind, string> = { reply: "Reply", bounce: "Bounce", auto_reply: "Out of office", other: "Other mail" };

/** The class chip of a row: the reply's class, else what kind of mail it is. */
export function classOf(item: Pick<InboxItem, "kind" | "category">): { label: string; tone: string } {
  if (item.kind === "reply" && item.category) return { label: categoryLabel(item.category), tone: item.category };
  return { label: KIND_LABEL[item.kind], tone: item.kind };
}

export const BOUNCE_REASON: Record<BounceReason, string> = {
  user_unknown: "Unknown recipient",
  host_unknown: "Unknown domain",
  mailbox_disabled: "Mailbox disabled or gone",
  mailbox_full: "Mailbox full",
  spam: "Rejected as spam",
  policy: "Refused by policy",
  content: "Refused for its content",
  rate_limited: "Rate limited",
  expired: "Gave up delivering",
  other: "Other failure",
};

/** "12 KB": an attachment's size. */
export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${Math.round(size / 1024)} KB`;
  return `${(size / (1024 * 1024)).toFixed(1)} MB`;
}

/** The sender as a person reads it: their name, else the address. */
export function senderOf(item: Pick<InboxItem, "from_name" | "from_address" | "lead_name">): string {
  return item.from_name || item.lead_name || item.from_address || "Unknown sender";
}
