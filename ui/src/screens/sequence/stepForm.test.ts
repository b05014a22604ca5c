import { describe, expect, it } from "vitest";
import type { SequenceStep } from "../../ipc/bindings/SequenceStep";
import { formProblem, groupSteps, stepTitle, toForm, toStepInput, weightPercent } from "./stepForm";

function variant(over: Partial<SequenceStep>): SequenceStep {
  return { id: 1, campaign_id: 1, step: 1, variant: "A", weight: 1, delay_days: 0, channel: "email", template_id: 1, template_name: "Intro", ai_prompt: null, article: null, drafts: 0, drafts_waiting: 0, ...over };
}

describe("sequence step form", () => {
  it("sends a template or an AI prompt, never both, and the article only for articles", () => {
    const form = { ...toForm(null, 0), templateId: 4, aiPrompt: "ignored" };
    expect(toStepInput(form)).toMatchObject({ step: 0, variant: "", template_id: 4, ai_prompt: null, article: null });
    const ai = { ...form, source: "ai" as const, aiPrompt: "Write a short pitch", channel: "article" as const, article: { target_url: "https://x.io", anchor_text: "x", min_words: "500", max_words: "800", topic: "SEO" } };
    expect(toStepInput(ai)).toMatchObject({ template_id: null, ai_prompt: "Write a short pitch", article: { target_url: "https://x.io", min_words: 500, max_words: 800 } });
  });

  it("says what is missing before asking the engine", () => {
    expect(formProblem(toForm(null))).toBe("Choose the template this variant drafts from.");
    expect(formProblem({ ...toForm(null), source: "ai" })).toBe("Write the instruction the AI drafts this variant from.");
  });

  it("groups variants under their step in order, with each one's share of the step", () => {
    const a = variant({ id: 1, step: 2, variant: "B", weight: 3, delay_days: 4 });
    const b = variant({ id: 2, step: 2, variant: "A", weight: 1, delay_days: 4 });
    const c = variant({ id: 3, step: 1 });
    const groups = groupSteps([a, b, c]);
    expect(groups.map((g) => [g.step, g.variants.map((v) => v.variant)])).toEqual([[1, ["A"]], [2, ["A", "B"]]]);
    expect(weightPercent(a, groups[1]!.variants)).toBe(75);
    expect(stepTitle(1, 0)).toBe("Step 1 · First mail");
    expect(stepTitle(2, 4)).toBe("Step 2 · Follow-up after 4 days");
  });
});
