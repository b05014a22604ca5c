import type { LeadFilter } from "./LeadFilter";
import type { LeadSortField } from "./LeadSortField";

export type LeadQuery = { filter: LeadFilter, sort?: LeadSortField, descending?: boolean, after?: string, limit?: number, };
