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
import type { MailboxFolders } from "./bindings/MailboxFolders";
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
import type { BatchItem } from "./bindings/BatchItem";
import type { BulkReviewResult } from "./bindings/BulkReviewResult";
import type { Draft } from "./bindings/Draft";
import type { DraftFilter } from "./bindings/DraftFilter";
import type { DraftPage } from "./bindings/DraftPage";
import type { DraftRequest } from "./bindings/DraftRequest";
import type { DraftVersion } from "./bindings/DraftVersion";
import type { EmptyVariable } from "./bindings/EmptyVariable";
import type { Enrichment } from "./bindings/Enrichment";
import type { EnrichmentMode } from "./bindings/EnrichmentMode";
import type { ExportFormat } from "./bindings/ExportFormat";
import type { JobStarted } from "./bindings/JobStarted";
import type { ReviewBatch } from "./bindings/ReviewBatch";
import type { ReviewCounts } from "./bindings/ReviewCounts";
import type { ReviewDecision } from "./bindings/ReviewDecision";
import type { SequenceStep } from "./bindings/SequenceStep";
import type { StepInput } from "./bindings/StepInput";
import type { Template } from "./bindings/Template";
import type { TemplateCheck } from "./bindings/TemplateCheck";
import type { TemplateInput } from "./bindings/TemplateInput";
import type { TemplatePreview } from "./bindings/TemplatePreview";
import type { VariableInfo } from "./bindings/VariableInfo";
import type { AccountInput } from "./bindings/AccountInput";
import type { AccountView } from "./bindings/AccountView";
import type { Attempt } from "./bindings/Attempt";
import type { CompliancePatch } from "./bindings/CompliancePatch";
import type { ComplianceSettings } from "./bindings/ComplianceSettings";
import type { ConnectionReport } from "./bindings/ConnectionReport";
import type { MailPresetInfo } from "./bindings/MailPresetInfo";
import type { OutboxPage } from "./bindings/OutboxPage";
import type { OutboxQuery } from "./bindings/OutboxQuery";
import type { SchedulePreview } from "./bindings/SchedulePreview";
import type { SendReport } from "./bindings/SendReport";
import type { SenderAccount } from "./bindings/SenderAccount";
import type { SuppressionEntry } from "./bindings/SuppressionEntry";
import type { SuppressionImport } from "./bindings/SuppressionImport";
import type { SuppressionKind } from "./bindings/SuppressionKind";
import type { ImapReport } from "./bindings/ImapReport";
import type { SentLookup } from "./bindings/SentLookup";
import type { InboxItem } from "./bindings/InboxItem";
import type { InboxPage } from "./bindings/InboxPage";
import type { InboxQuery } from "./bindings/InboxQuery";
import type { InboxState } from "./bindings/InboxState";
import type { InboxSyncReport } from "./bindings/InboxSyncReport";
import type { MessageView } from "./bindings/MessageView";
import type { ReplyCategory } from "./bindings/ReplyCategory";
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
  template_list: { args: { workspace_id: number }; result: Template[] };
  template_create: { args: { workspace_id: number; input: TemplateInput }; result: Template };
  template_update: { args: { id: number; input: TemplateInput }; result: Template };
  template_duplicate: { args: { id: number }; result: Template };
  /** Refused while a sequence step drafts from the template. */
  template_delete: { args: { id: number }; result: null };
  template_variables: { args: { workspace_id: number }; result: VariableInfo[] };
  template_check: { args: { workspace_id: number; subject: string; body: string }; result: TemplateCheck };
  template_preview: { args: { lead_id: number; subject: string; body: string; campaign_id: number | null }; result: TemplatePreview };
  template_empty_variables: { args: { campaign_id: number; subject: string; body: string }; result: EmptyVariable[] };
  sequence_list: { args: { campaign_id: number }; result: SequenceStep[] };
  /** `input.step` 0 adds a step at the end; `input.variant` "" takes the next free letter. */
  sequence_add_step: { args: { campaign_id: number; input: StepInput }; result: SequenceStep };
  sequence_update_step: { args: { id: number; input: StepInput }; result: SequenceStep };
  /** `confirmation_needed` while drafts of the variant wait; called again with `confirmed` it rejects them. Resolves to how many. */
  sequence_delete_step: { args: { id: number; confirmed: boolean }; result: number };
  enrich_start: { args: { campaign_id: number; mode: EnrichmentMode; all: boolean }; result: JobStarted };
  enrichment_get: { args: { lead_id: number }; result: Enrichment | null };
  draft_start: { args: { request: DraftRequest }; result: JobStarted };
  draft_regenerate_requested: { args: { campaign_id: number }; result: JobStarted };
  draft_page: { args: { filter: DraftFilter; offset: number; limit: number }; result: DraftPage };
  draft_get: { args: { id: number }; result: Draft };
  draft_versions: { args: { id: number }; result: DraftVersion[] };
  review_counts: { args: { campaign_id: number }; result: ReviewCounts };
  /** A transition the review states do not allow comes back as `conflict` with the reason. */
  review_decide: { args: { id: number; decision: ReviewDecision }; result: Draft };
  review_decide_many: { args: { ids: number[]; decision: ReviewDecision }; result: BulkReviewResult };
  review_approve_passing: { args: { filter: DraftFilter }; result: BulkReviewResult };
  /** The first edit keeps the original text for the diff. */
  draft_edit: { args: { id: number; subject: string; body: string }; result: Draft };
  draft_regenerate: { args: { id: number; instruction: string | null; keep_spin: boolean }; result: Draft };
  batch_create: { args: { filter: DraftFilter; name: string }; result: ReviewBatch };
  batch_list: { args: { campaign_id: number }; result: ReviewBatch[] };
  batch_items: { args: { id: number }; result: BatchItem[] };
  batch_delete: { args: { id: number }; result: null };
  /** Writes the approved drafts (of one batch, or of the campaign) to `path`; resolves to how many. */
  review_export: { args: { campaign_id: number; batch_id: number | null; format: ExportFormat; path: string }; result: number };
  mail_presets: { args: Empty; result: MailPresetInfo[] };
  sender_account_list: { args: { workspace_id: number }; result: AccountView[] };
  /** The password goes straight to the keychain; it is never sent back. */
  sender_account_add: { args: { workspace_id: number; input: AccountInput; password?: string }; result: SenderAccount };
  /** Without `password` the stored one is kept. Saving lifts a pause the account put itself in. */
  sender_account_update: { args: { id: number; input: AccountInput; password?: string }; result: SenderAccount };
  sender_account_delete: { args: { id: number }; result: null };
  /** A real EHLO / STARTTLS / AUTH; a failure comes back as an error with the server's words. */
  sender_account_test: { args: { id: number }; result: ConnectionReport };
  compliance_get: { args: { workspace_id: number }; result: ComplianceSettings };
  /** Every change is checked first; nothing is saved when one is wrong. */
  compliance_update: { args: { workspace_id: number; patch: CompliancePatch }; result: ComplianceSettings };
  suppression_list: { args: { workspace_id: number; search: string | null }; result: SuppressionEntry[] };
  /** `entry` is an address or "@domain". */
  suppression_add: { args: { workspace_id: number; entry: string; reason: string | null }; result: SuppressionEntry };
  /** Suppresses the leads' addresses; resolves to how many were new to the list. */
  suppression_add_leads: { args: { workspace_id: number; lead_ids: number[]; reason: string | null }; result: number };
  suppression_remove: { args: { workspace_id: number; kind: SuppressionKind; value: string }; result: boolean };
  /** Reads the file at `path` (picked in the open dialog). */
  suppression_import: { args: { workspace_id: number; path: string }; result: SuppressionImport };
  /** Writes the list as CSV to `path` (picked in the save dialog). */
  suppression_export: { args: { workspace_id: number; path: string }; result: null };
  /** Refused (`validation`) with every reason while something keeps mail from going. */
  campaign_launch: { args: { campaign_id: number }; result: Campaign };
  campaign_pause_sending: { args: { campaign_id: number }; result: Campaign };
  /** Resolves to how many queued or deferred mails were cancelled. */
  campaign_cancel_queue: { args: { campaign_id: number }; result: number };
  /** With `dry_run_dir` the messages are written there as .eml files and nothing is sent. */
  campaign_send: { args: { campaign_id: number; dry_run_dir: string | null }; result: SendReport };
  outbox_page: { args: { campaign_id: number; query: OutboxQuery }; result: OutboxPage };
  /** Only an `unknown` attempt is resolved by hand. */
  outbox_resolve: { args: { id: number; sent: boolean }; result: Attempt };
  /** What the account's Sent folder (IMAP) holds of an attempt of unknown outcome, found by its Message-ID. */
  outbox_lookup_sent: { args: { id: number }; result: SentLookup };
  schedule_preview: { args: { campaign_id: number }; result: SchedulePreview };
  /** The inbox across accounts and campaigns, with open counts per kind and class for the filter chips. */
  inbox_list: { args: { query: InboxQuery }; result: InboxPage };
  /** One message, its HTML sanitized by the engine; remote images stay out unless `allow_remote_images`. */
  inbox_message: { args: { id: number; allow_remote_images: boolean }; result: MessageView };
  /** The user's label is kept: a later reading never overwrites it. */
  inbox_relabel: { args: { id: number; category: ReplyCategory }; result: InboxItem };
  /** `snoozed_until` (RFC 3339) only with `state` "snoozed". */
  inbox_set_state: { args: { id: number; state: InboxState; snoozed_until: string | null }; result: InboxItem };
  /**
   * The user's answer to a message, through its campaign's outbox and policy gate; the attempt says whether it
   * was sent, waits (its `detail` says why) or was blocked (`blocked_by` names the rule). Refused (`validation`)
   * for a message Reach cannot answer (a bounce, mail from nobody it wrote to, an empty answer).
   */
  inbox_reply: { args: { id: number; body: string }; result: Attempt };
  /** Syncs every account of the workspace with IMAP now; one line per account, errors included. */
  inbox_sync: { args: { workspace_id: number }; result: InboxSyncReport };
  /** A real IMAP connect / TLS / LOGIN / LIST; a failure comes back as an error with the server's words. */
  account_test_imap: { args: { id: number }; result: ImapReport };
  /** The folders read besides INBOX and where copies of sent mail go; a name the server cannot have is refused (`validation`). */
  account_set_folders: { args: { id: number; folders: MailboxFolders }; result: SenderAccount };
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
