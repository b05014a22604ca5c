import type { CampaignKind } from "./CampaignKind";
import type { ServiceContext } from "./ServiceContext";

export type Campaign = { id: number, workspace_id: number, name: string, kind: CampaignKind, keywords: Array<string>, description: string, context: ServiceContext, archived: boolean, lead_count: number, created_at: string, updated_at: string, };
