export type LeadBulkAction = { "kind": "assign_campaign", campaign_id: number | null, } | { "kind": "delete" };
