export type CampaignKind = "cold_email" | "backlink";
