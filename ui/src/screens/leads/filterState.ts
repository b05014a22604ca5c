import type { LeadFilter } from "../../ipc/bindings/LeadFilter";
import type { EnrollmentStage } from "../../ipc/bindings/EnrollmentStage";

export type LeadFilterState = {
  search: string;
  /** Stages in the campaign filtered by, else in any campaign. */
  stages: EnrollmentStage[];
  /** A campaign id, "none" for leads in no campaign, or null for any. */
  campaign: number | "none" | null;
  importId: number | null;
  hasEmail: boolean | null;
  country: string | null;
};

export const NO_FILTERS: LeadFilterState = { search: "", stages: [], campaign: null, importId: null, hasEmail: null, country: null };

/** The engine's filter for the screen's state; absent fields mean "any". */
export function toLeadFilter(workspaceId: number, state: LeadFilterState): LeadFilter {
  const filter: LeadFilter = { workspace_id: workspaceId };
  const search = state.search.trim();
  if (search) filter.search = search;
  if (state.stages.length) filter.stages = state.stages;
  if (typeof state.campaign === "number") filter.campaign_id = state.campaign;
  if (state.campaign === "none") filter.unassigned = true;
  if (state.importId !== null) filter.import_id = state.importId;
  if (state.hasEmail !== null) filter.has_email = state.hasEmail;
  if (state.country) filter.country = state.country;
  return filter;
}

export function isFiltered(state: LeadFilterState): boolean {
  return (
    state.search.trim() !== "" ||
    state.stages.length > 0 ||
    state.campaign !== null ||
    state.importId !== null ||
    state.hasEmail !== null ||
    state.country !== null
  );
}
