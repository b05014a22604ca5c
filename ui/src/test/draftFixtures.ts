import type { Draft } from "../ipc/bindings/Draft";
import type { ReviewCounts } from "../ipc/bindings/ReviewCounts";
import type { SequenceStep } from "../ipc/bindings/SequenceStep";
import type { Template } from "../ipc/bindings/Template";

const AT = "2026-11-25T09:30:00Z";

export function template(id: number, over: Partial<Template> = {}): Template {
  return { id, workspace_id: 1, name: `Template ${id}`, category: "", subject: "Hi {{ first_name }}", body: "Hello {{ company }}", used_by_steps: 0, created_at: AT, updated_at: AT, ...over };
}

export function draft(id: number, over: Partial<Draft> = {}): Draft {
  return {
    id, workspace_id: 1, campaign_id: 1, lead_id: id, lead_email: `lead${id}@example.com`, lead_name: `Lead ${id}`, company: `Company ${id}`,
    step: 1, variant: "A", channel: "email", version: 1, subject: `Subject ${id}`, body: `Body of draft ${id}`, generator: "template", offline: true, model: null,
    original_subject: null, original_body: null, status: "pending", review_note: null, qc: [], qc_errors: 0, qc_warnings: 0, created_at: AT, updated_at: AT, reviewed_at: null,
    ...over,
  };
}

export function counts(over: Partial<ReviewCounts> = {}): ReviewCounts {
  return { pending: 0, approved: 0, rejected: 0, needs_regeneration: 0, regenerated: 0, passing: 0, ...over };
}

export function step(id: number, over: Partial<SequenceStep> = {}): SequenceStep {
  return { id, campaign_id: 1, step: 1, variant: "A", weight: 1, delay_days: 0, channel: "email", template_id: 1, template_name: "Intro", ai_prompt: null, article: null, drafts: 0, drafts_waiting: 0, ...over };
}
