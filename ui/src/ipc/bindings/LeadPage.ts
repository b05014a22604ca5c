import type { Lead } from "./Lead";

export type LeadPage = { leads: Array<Lead>, next_cursor: string | null, total: number | null, };
