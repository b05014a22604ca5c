export type Workspace = { id: number, name: string, created_at: string, updated_at: string, lead_count: number, campaign_count: number, };
