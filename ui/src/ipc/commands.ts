import { invoke, type Channel } from "@tauri-apps/api/core";
import type { AppInfo } from "./bindings/AppInfo";
import type { BudgetView } from "./bindings/BudgetView";
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
import type { JobItemView } from "./bindings/JobItemView";
import type { Enrollment } from "./bindings/Enrollment";
import type { Lead } from "./bindings/Lead";
import type { LeadBulkRequest } from "./bindings/LeadBulkRequest";
import type { LeadPage } from "./bindings/LeadPage";
import type { LeadQuery } from "./bindings/LeadQuery";
import type { ModelPrice } from "./bindings/ModelPrice";
import type { PresetInfo } from "./bindings/PresetInfo";
import type { ProviderInput } from "./bindings/ProviderInput";
import type { ProviderKind } from "./bindings/ProviderKind";
import type { StreamChunk } from "./bindings/StreamChunk";
import type { ProviderTest } from "./bindings/ProviderTest";
import type { ProviderView } from "./bindings/ProviderView";
import type { Purpose } from "./bindings/Purpose";
import type { RouteStepInput } from "./bindings/RouteStepInput";
import type { RouteView } from "./bindings/RouteView";
import type { UsageRow } from "./bindings/UsageRow";
import type { UsageSummary } from "./bindings/UsageSummary";
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
  job_items: { args: { id: number }; result: JobItemView[] };
  /** A queued job pauses at once, a running one at the end of its batch (`pause_requested` until then). */
  job_pause: { args: { id: number }; result: Job };
  /** Any paused job starts again from its last checkpoint. */
  job_resume: { args: { id: number }; result: Job };
  /** A queued or paused job ends at once, a running one at its next checkpoint. */
  job_cancel: { args: { id: number }; result: Job };
  /** Failed items run again with a fresh count of attempts; a finished job is queued again. */
  job_retry_failed: { args: { id: number }; result: Job };
  lead_page: { args: { query: LeadQuery }; result: LeadPage };
  lead_get: { args: { id: number }; result: Lead };
  lead_countries: { args: { workspace_id: number }; result: string[] };
  lead_bulk: { args: { request: LeadBulkRequest }; result: BulkResult };
  lead_enrollments: { args: { lead_id: number }; result: Enrollment[] };
  provider_presets: { args: Empty; result: PresetInfo[] };
  provider_list: { args: Empty; result: ProviderView[] };
  /** The key goes straight to the keychain; it is never sent back. */
  provider_add: { args: { input: ProviderInput; api_key?: string }; result: ProviderView };
  /** Without `api_key` and `remove_key` the current key is kept. */
  provider_update: { args: { id: number; input: ProviderInput; api_key?: string; remove_key?: boolean }; result: ProviderView };
  provider_remove: { args: { id: number }; result: null };
  /** One real call; the answer's text streams into `on_delta` as the model writes it. */
  provider_test: { args: { id: number; on_delta: Channel<StreamChunk> }; result: ProviderTest };
  route_list: { args: Empty; result: RouteView[] };
  /** An empty chain restores the default order. */
  route_set: { args: { purpose: Purpose; steps: RouteStepInput[] }; result: RouteView };
  price_list: { args: Empty; result: ModelPrice[] };
  price_set: { args: { price: ModelPrice }; result: ModelPrice[] };
  price_remove: { args: { provider_kind: ProviderKind; model: string }; result: ModelPrice[] };
  budget_get: { args: { workspace_id: number }; result: BudgetView };
  /** `null` removes the limit. */
  budget_set: { args: { workspace_id: number; monthly_usd: number | null }; result: BudgetView };
  /** `month` is "YYYY-MM", the current month when left out. */
  usage_summary: { args: { month?: string; workspace_id?: number }; result: UsageSummary };
  usage_recent: { args: { workspace_id?: number; limit: number }; result: UsageRow[] };
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
