import type { LeadStatus } from "./LeadStatus";

export type Lead = { id: number, workspace_id: number, campaign_id: number | null, import_id: number | null, email: string | null, first_name: string | null, last_name: string | null, company: string | null, title: string | null, website: string | null, domain: string | null, linkedin_url: string | null, country: string | null, timezone: string | null, custom: Record<string, string>, status: LeadStatus, fit_score: number | null, intent_score: number | null, created_at: string, updated_at: string, };
