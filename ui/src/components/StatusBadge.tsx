import type { LeadStatus } from "../ipc/bindings/LeadStatus";

export const STATUS_LABEL: Record<LeadStatus, string> = {
  new: "New",
  researched: "Researched",
  drafted: "Drafted",
  approved: "Approved",
  queued: "Queued",
  sent: "Sent",
  replied: "Replied",
  bounced: "Bounced",
  unsubscribed: "Unsubscribed",
  failed: "Failed",
};

export const LEAD_STATUSES = Object.keys(STATUS_LABEL) as LeadStatus[];

export function StatusBadge({ status }: { status: LeadStatus }) {
  return <span className={`badge badge--status-${status}`}>{STATUS_LABEL[status]}</span>;
}
