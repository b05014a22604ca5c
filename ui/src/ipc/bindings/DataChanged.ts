export type DataChanged = { entity: "workspaces" | "campaigns" | "leads" | "imports" | "jobs", workspace_id: number | null, };
