import type { ArticleSpec } from "../../ipc/bindings/ArticleSpec";
import type { SequenceStep } from "../../ipc/bindings/SequenceStep";
import type { StepInput } from "../../ipc/bindings/StepInput";

export type Source = "template" | "ai";

/** The editor's state: every field as typed, turned into a `StepInput` on save. */
export type StepForm = {
  step: number;
  variant: string;
  weight: string;
  delayDays: string;
  channel: StepInput["channel"];
  source: Source;
  templateId: number | null;
  aiPrompt: string;
  article: { target_url: string; anchor_text: string; min_words: string; max_words: string; topic: string };
};

const NO_ARTICLE = { target_url: "", anchor_text: "", min_words: "600", max_words: "900", topic: "" };

/** A new variant of `step` (0: a new step at the end), or the editor of an existing one. */
export function toForm(existing: SequenceStep | null, step = 0, delayDays = 3): StepForm {
  if (!existing) {
    return { step, variant: "", weight: "1", delayDays: String(step === 1 ? 0 : delayDays), channel: "email", source: "template", templateId: null, aiPrompt: "", article: NO_ARTICLE };
  }
  const a = existing.article;
  return {
    step: existing.step,
    variant: existing.variant,
    weight: String(existing.weight),
    delayDays: String(existing.delay_days),
    channel: existing.channel,
    source: existing.ai_prompt !== null ? "ai" : "template",
    templateId: existing.template_id,
    aiPrompt: existing.ai_prompt ?? "",
    article: a ? { target_url: a.target_url, anchor_text: a.anchor_text, min_words: String(a.min_words), max_words: String(a.max_words), topic: a.topic } : NO_ARTICLE,
  };
}

const whole = (text: string, fallback: number) => {
  const n = Number.parseInt(text, 10);
  return Number.isFinite(n) ? n : fallback;
};

/** Exactly one of template and AI prompt is sent; the article only for the article channel. */
export function toStepInput(form: StepForm): StepInput {
  const article: ArticleSpec | null =
    form.channel === "article"
      ? {
          target_url: form.article.target_url.trim(),
          anchor_text: form.article.anchor_text.trim(),
          min_words: whole(form.article.min_words, 0),
          max_words: whole(form.article.max_words, 0),
          topic: form.article.topic.trim(),
        }
      : null;
  return {
    step: form.step,
    variant: form.variant.trim().toUpperCase(),
    weight: whole(form.weight, 1),
    delay_days: whole(form.delayDays, 0),
    channel: form.channel,
    template_id: form.source === "template" ? form.templateId : null,
    ai_prompt: form.source === "ai" ? form.aiPrompt : null,
    article,
  };
}

/** What is missing before the engine is asked; null when the form can be sent. */
export function formProblem(form: StepForm): string | null {
  if (form.source === "template" && form.templateId === null) return "Choose the template this variant drafts from.";
  if (form.source === "ai" && !form.aiPrompt.trim()) return "Write the instruction the AI drafts this variant from.";
  if (form.channel === "article" && !form.article.target_url.trim()) return "An article needs the target URL it links to.";
  return null;
}

/** Steps in order, each with its variants by label. */
export function groupSteps(steps: SequenceStep[]): { step: number; delayDays: number; variants: SequenceStep[] }[] {
  const byStep = new Map<number, SequenceStep[]>();
  for (const s of steps) byStep.set(s.step, [...(byStep.get(s.step) ?? []), s]);
  return [...byStep.entries()]
    .sort(([a], [b]) => a - b)
    .map(([step, variants]) => {
      const sorted = variants.sort((a, b) => a.variant.localeCompare(b.variant));
      return { step, delayDays: sorted[0]?.delay_days ?? 0, variants: sorted };
    });
}

/** A variant's share of its step, from the weights. */
export function weightPercent(variant: SequenceStep, siblings: SequenceStep[]): number {
  const sum = siblings.reduce((s, v) => s + v.weight, 0);
  return sum > 0 ? Math.round((variant.weight / sum) * 100) : 0;
}

export function stepTitle(step: number, delayDays: number): string {
  if (step === 1) return "Step 1 · First mail";
  return `Step ${step} · Follow-up after ${delayDays} ${delayDays === 1 ? "day" : "days"}`;
}
