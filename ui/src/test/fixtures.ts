import type { BudgetView } from "../ipc/bindings/BudgetView";
import type { Campaign } from "../ipc/bindings/Campaign";
import type { ImportPreview } from "../ipc/bindings/ImportPreview";
import type { ImportSummary } from "../ipc/bindings/ImportSummary";
import type { Job } from "../ipc/bindings/Job";
import type { JobItemView } from "../ipc/bindings/JobItemView";
import type { Lead } from "../ipc/bindings/Lead";
import type { PresetInfo } from "../ipc/bindings/PresetInfo";
import type { ProviderView } from "../ipc/bindings/ProviderView";
import type { Purpose } from "../ipc/bindings/Purpose";
import type { RouteView } from "../ipc/bindings/RouteView";
import type { UsageSummary } from "../ipc/bindings/UsageSummary";
import type { UsageTotals } from "../ipc/bindings/UsageTotals";
import type { Workspace } from "../ipc/bindings/Workspace";

const AT = "2026-11-25T09:30:00Z";

export function workspace(over: Partial<Workspace> = {}): Workspace {
  return { id: 1, name: "Northwind outreach", created_at: AT, updated_at: AT, lead_count: 0, campaign_count: 0, ...over };
}

export function campaign(over: Partial<Campaign> = {}): Campaign {
  return {
    id: 1,
    workspace_id: 1,
    name: "Q1 SaaS founders",
    kind: "cold_email",
    keywords: [],
    description: "",
    context: { core_offer: "", key_differentiator: "", call_to_action: "", timeline: "", goal: "", fallback_action: "" },
    archived: false,
    lead_count: 0,
    sending: "not_started",
    sending_note: null,
    launched_at: null,
    created_at: AT,
    updated_at: AT,
    ...over,
  };
}

export function lead(id: number, over: Partial<Lead> = {}): Lead {
  return {
    id,
    workspace_id: 1,
    import_id: null,
    email: `lead${id}@example.com`,
    first_name: `First${id}`,
    last_name: `Last${id}`,
    company: `Company ${id}`,
    title: null,
    website: null,
    domain: null,
    email_domain: null,
    website_domain: null,
    linkedin_url: null,
    country: "US",
    timezone: null,
    custom: {},
    fit_score: null,
    intent_score: null,
    hard_bounced_at: null,
    unsubscribed_at: null,
    suppressed_at: null,
    replied_at: null,
    campaigns: 0,
    stage: null,
    stop_reason: null,
    created_at: AT,
    updated_at: AT,
    ...over,
  };
}

export function job(over: Partial<Job> = {}): Job {
  return {
    id: 11,
    workspace_id: 1,
    kind: "import",
    status: "running",
    total: 0,
    done: 0,
    failed: 0,
    waiting_retry: 0,
    message: null,
    pause_requested: false,
    run_after: null,
    every_secs: null,
    created_at: AT,
    started_at: AT,
    finished_at: null,
    updated_at: AT,
    ...over,
  };
}

export function jobItem(over: Partial<JobItemView> = {}): JobItemView {
  return { key: "item-1", status: "done", attempts: 1, error: null, result: null, next_attempt_at: null, ...over };
}

export function importSummary(over: Partial<ImportSummary> = {}): ImportSummary {
  return {
    id: 1,
    workspace_id: 1,
    campaign_id: null,
    job_id: null,
    file_name: "leads.csv",
    format: "csv",
    total_rows: 10,
    imported: 8,
    duplicates_in_file: 1,
    duplicates_in_workspace: 0,
    invalid: 1,
    added_from_workspace: 0,
    warnings: 0,
    created_at: AT,
    finished_at: "2026-11-25T09:31:00Z",
    status: "completed",
    ...over,
  };
}

export function preview(over: Partial<ImportPreview> = {}): ImportPreview {
  const headers = ["E-mail", "Work email", "Name", "Company", "Notes"];
  return {
    path: "/home/me/leads.csv",
    file_name: "leads.csv",
    format: "csv",
    encoding: "UTF-8",
    delimiter: "semicolon",
    sheets: [],
    sheet: null,
    header_row: 1,
    headers,
    row_count: 3,
    preview: [
      ["ada@example.com", "ada@work.example", "Ada Lovelace", "Analytical", "met at conf"],
      ["grace@example.com", "", "Grace Hopper", "Navy", ""],
      ["alan@example.com", "alan@work.example", "Alan Turing", "Bletchley", ""],
    ],
    preview_lines: [2, 3, 5],
    email_column: 0,
    suggested_mapping: [
      { column: 0, header: "E-mail", target: "email" },
      { column: 1, header: "Work email", target: "custom" },
      { column: 2, header: "Name", target: "full_name" },
      { column: 3, header: "Company", target: "company" },
      { column: 4, header: "Notes", target: "custom" },
    ],
    warnings: [],
    ...over,
  };
}

export const PRESETS: PresetInfo[] = [
  { preset: "openai", label: "OpenAI", kind: "openai", base_url: "https://api.openai.com/v1", needs_key: true, suggested_model: "gpt-4o-mini" },
  { preset: "groq", label: "Groq", kind: "openai", base_url: "https://api.groq.com/openai/v1", needs_key: true, suggested_model: "llama-3.1-8b-instant" },
  { preset: "ollama", label: "Ollama (this computer)", kind: "openai", base_url: "http://localhost:11434/v1", needs_key: false, suggested_model: "llama3.2" },
  { preset: "anthropic", label: "Anthropic", kind: "anthropic", base_url: "https://api.anthropic.com", needs_key: true, suggested_model: "claude-3-5-haiku-latest" },
  { preset: "custom", label: "Other (any address)", kind: null, base_url: null, needs_key: false, suggested_model: null },
];

export function provider(over: Partial<ProviderView> = {}): ProviderView {
  return {
    id: 1,
    name: "OpenAI",
    kind: "openai",
    preset: "openai",
    base_url: "https://api.openai.com/v1",
    model: "gpt-4o-mini",
    rpm_limit: null,
    tpm_limit: null,
    timeout_secs: 60,
    max_concurrency: 4,
    enabled: true,
    key: { state: "set", hint: "…abcd", label: "set, ends in …abcd" },
    circuit: { state: "closed", consecutive_failures: 0, retry_in_secs: null, last_error: null },
    in_flight: 0,
    created_at: AT,
    updated_at: AT,
    ...over,
  };
}

export function route(purpose: Purpose, providers: ProviderView[], over: Partial<RouteView> = {}): RouteView {
  return {
    purpose,
    steps: providers.map((p) => ({ provider_id: p.id, provider_name: p.name, model: p.model, enabled: p.enabled })),
    is_default: false,
    ...over,
  };
}

export function totals(over: Partial<UsageTotals> = {}): UsageTotals {
  return { calls: 0, cached_calls: 0, failed_calls: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0, ...over };
}

export function usageSummary(over: Partial<UsageSummary> = {}): UsageSummary {
  return { month: "2026-11", workspace_id: 1, totals: totals(), by_day: [], by_provider: [], by_workspace: [], by_purpose: [], ...over };
}

export function budget(over: Partial<BudgetView> = {}): BudgetView {
  return { workspace_id: 1, month: "2026-11", limit_usd: null, spent_usd: 0, held_usd: 0, remaining_usd: null, ...over };
}
