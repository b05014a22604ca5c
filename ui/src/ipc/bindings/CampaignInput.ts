import type { CampaignKind } from "./CampaignKind";
import type { ServiceContext } from "./ServiceContext";

export type CampaignInput = { name: string, kind: CampaignKind, keywords: Array<string>, description: string, context: ServiceContext, };
