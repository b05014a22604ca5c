import { invoke } from "@tauri-apps/api/core";
import type { AppInfo } from "./bindings/AppInfo";
import type { BulkResult } from "./bindings/BulkResult";
import type { Campaign } from "./bindings/Campaign";
import type { CampaignInput } from "./bindings/CampaignInput";
import type { ImportPreview } from "./bindings/ImportPreview";
import type { ImportReport } from "./bindings/ImportReport";
import type { ImportRequest } from "./bindings/ImportRequest";
import type { ImportStarted } from "./bindings/ImportStarted";
import type { ImportSummary } from "./bindings/ImportSummary";
import type { InspectRequest } from "./bindings/InspectRequest";
import type { Job } from "./bindings/Job";
import type { Lead } from "./bindings/Lead";
import type { LeadBulkRequest } from "./bindings/LeadBulkRequest";
import type { LeadPage } from "./bindings/LeadPage";
import type { LeadQuery } from "./bindings/LeadQuery";
import type { Workspace } from "./bindings/Workspace";
import { toAppError } from "./errors";

type Empty = Record<string, never>;

/** Every engine command: its snake_case arguments and what it resolves to. */
export type Commands = {
  app_info: { args: Empty; result: AppInfo };
  workspace_list: { args: Empty; result: Workspace[] };
  workspace_create: { args: { name: string }; result: Workspace };
  workspace_rename: { args: { id: number; name: string }; result: Workspace };
  workspace_delete: { args: { id: number }; result: null };
  demo_workspace_create: { args: Empty; result: Workspace };
  campaign_list: { args: { workspace_id: number; include_archived: boolean }; result: Campaign[] };
  campaign_create: { args: { workspace_id: number; input: CampaignInput }; result: Campaign };
  campaign_update: { args: { id: number; input: CampaignInput }; result: Campaign };
  campaign_set_archived: { args: { id: number; archived: boolean }; result: Campaign };
  campaign_delete: { args: { id: number }; result: null };
  import_inspect: { args: { request: InspectRequest }; result: ImportPreview };
  import_start: { args: { request: ImportRequest }; result: ImportStarted };
  import_report: { args: { import_id: number; issue_limit?: number }; result: ImportReport };
  import_list: { args: { workspace_id: number }; result: ImportSummary[] };
  import_export_issues: { args: { import_id: number; dest_path: string }; result: number };
  job_list: { args: { workspace_id?: number }; result: Job[] };
  job_get: { args: { id: number }; result: Job };
  job_cancel: { args: { id: number }; result: Job };
  lead_page: { args: { query: LeadQuery }; result: LeadPage };
  lead_get: { args: { id: number }; result: Lead };
  lead_countries: { args: { workspace_id: number }; result: string[] };
  lead_bulk: { args: { request: LeadBulkRequest }; result: BulkResult };
};

export type CommandName = keyof Commands;
export type CommandArgs<C extends CommandName> = Commands[C]["args"];
export type CommandResult<C extends CommandName> = Commands[C]["result"];

/** Calls one engine command. A rejection is always an `AppError` with a code the UI can act on. */
export async function call<C extends CommandName>(cmd: C, args: CommandArgs<C>): Promise<CommandResult<C>> {
  try {
    return await invoke<CommandResult<C>>(cmd, args);
  } catch (raw) {
    throw toAppError(raw);
  }
}
