import type { LeadQuery } from "../ipc/bindings/LeadQuery";

/** Every cached engine read, keyed so a change event can invalidate exactly its family. */
export const queryKeys = {
  appInfo: ["app-info"] as const,
  workspaces: ["workspaces"] as const,
  campaignsAll: ["campaigns"] as const,
  campaigns: (workspaceId: number, includeArchived: boolean) => ["campaigns", workspaceId, includeArchived] as const,
  leadsAll: ["leads"] as const,
  leadPages: (query: Omit<LeadQuery, "after">) => ["leads", query.filter.workspace_id, "pages", query] as const,
  leadAll: ["lead"] as const,
  lead: (id: number) => ["lead", id] as const,
  countriesAll: ["lead-countries"] as const,
  countries: (workspaceId: number) => ["lead-countries", workspaceId] as const,
  importsAll: ["imports"] as const,
  imports: (workspaceId: number) => ["imports", workspaceId] as const,
  importReportAll: ["import-report"] as const,
  importReport: (importId: number, issueLimit: number) => ["import-report", importId, issueLimit] as const,
  jobsAll: ["jobs"] as const,
  jobs: (workspaceId: number) => ["jobs", workspaceId] as const,
  jobAll: ["job"] as const,
  job: (id: number) => ["job", id] as const,
};
