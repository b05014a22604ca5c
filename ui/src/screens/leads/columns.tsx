import type { ReactNode } from "react";
import type { Lead } from "../../ipc/bindings/Lead";
import type { LeadSortField } from "../../ipc/bindings/LeadSortField";
import { PersonBadge, StageBadge } from "../../components/StageBadge";
import { formatDateTime } from "../../lib/format";

export type ColumnId =
  | "email"
  | "name"
  | "company"
  | "title"
  | "stage"
  | "campaigns"
  | "country"
  | "website"
  | "domain"
  | "linkedin_url"
  | "timezone"
  | "fit_score"
  | "created_at";

/** What a cell needs besides its lead: whether the list shows one campaign. */
export type CellContext = { inCampaign: boolean };

export type LeadColumn = {
  id: ColumnId;
  label: string;
  /** A CSS grid track. */
  width: string;
  sort?: LeadSortField;
  numeric?: boolean;
  render: (lead: Lead, ctx: CellContext) => ReactNode;
};

const text = (value: string | null) => value ?? "";

export function fullName(lead: Lead): string {
  return [lead.first_name, lead.last_name].filter(Boolean).join(" ");
}

export const COLUMNS: LeadColumn[] = [
  { id: "email", label: "Email", width: "minmax(220px, 1.4fr)", sort: "email", render: (l) => l.email ?? <span className="text-subtle">No email</span> },
  { id: "name", label: "Name", width: "minmax(150px, 1fr)", sort: "first_name", render: (l) => fullName(l) },
  { id: "company", label: "Company", width: "minmax(150px, 1fr)", sort: "company", render: (l) => text(l.company) },
  { id: "title", label: "Title", width: "minmax(150px, 1fr)", sort: "title", render: (l) => text(l.title) },
  {
    id: "stage",
    label: "Stage",
    width: "180px",
    sort: "stage",
    // In one campaign: the lead's stage there. Otherwise the facts about the person, or how many campaigns they are in.
    render: (l) => (l.stage ? <StageBadge stage={l.stage} stopReason={l.stop_reason} /> : <PersonBadge lead={l} />),
  },
  { id: "campaigns", label: "Campaigns", width: "100px", numeric: true, render: (l) => l.campaigns },
  { id: "country", label: "Country", width: "110px", sort: "country", render: (l) => text(l.country) },
  { id: "website", label: "Website", width: "minmax(140px, 0.8fr)", render: (l) => text(l.website) },
  { id: "domain", label: "Domain", width: "minmax(130px, 0.8fr)", render: (l) => text(l.domain) },
  { id: "linkedin_url", label: "LinkedIn", width: "minmax(140px, 0.8fr)", render: (l) => text(l.linkedin_url) },
  { id: "timezone", label: "Time zone", width: "130px", render: (l) => text(l.timezone) },
  { id: "fit_score", label: "Fit", width: "70px", sort: "fit_score", numeric: true, render: (l) => (l.fit_score ?? "") },
  { id: "created_at", label: "Added", width: "150px", sort: "created_at", render: (l) => formatDateTime(l.created_at) },
];

export const DEFAULT_VISIBLE: ColumnId[] = ["email", "name", "company", "title", "stage", "campaigns", "country"];

export const ALL_COLUMN_IDS = COLUMNS.map((c) => c.id);

export function isColumnList(value: unknown): value is ColumnId[] {
  return Array.isArray(value) && value.every((v) => typeof v === "string" && (ALL_COLUMN_IDS as string[]).includes(v));
}
