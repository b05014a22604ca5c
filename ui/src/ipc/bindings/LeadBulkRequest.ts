import type { LeadBulkAction } from "./LeadBulkAction";
import type { LeadFilter } from "./LeadFilter";

export type LeadBulkRequest = { filter: LeadFilter, ids?: Array<number>, action: LeadBulkAction, };
