import type { LeadStatus } from "./LeadStatus";

export type LeadFilter = { workspace_id: number, search?: string, statuses?: Array<LeadStatus>, campaign_id?: number, unassigned?: boolean, import_id?: number, has_email?: boolean, country?: string, };
