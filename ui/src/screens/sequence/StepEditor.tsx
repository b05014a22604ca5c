import { useState } from "react";
import type { SequenceStep } from "../../ipc/bindings/SequenceStep";
import type { Template } from "../../ipc/bindings/Template";
import type { AppError } from "../../ipc/errors";
import { Dialog } from "../../components/Dialog";
import { Field } from "../../components/Field";
import { Spinner } from "../../components/Spinner";
import { useToast } from "../../components/toast/ToastContext";
import { useAddStep, useUpdateStep } from "../../hooks/sequences";
import { formProblem, toForm, toStepInput, type StepForm } from "./stepForm";

export type EditTarget = { kind: "new-step"; step: 0 } | { kind: "new-variant"; step: number; delayDays: number } | { kind: "edit"; variant: SequenceStep };

const FORM_ID = "step-editor-form";

/** Adds a step, adds a variant to a step, or edits one variant: its channel, its template or AI prompt, its weight. */
export function StepEditor({
  campaignId,
  target,
  templates,
  isFirstStep,
  onClose,
}: {
  campaignId: number;
  target: EditTarget;
  templates: Template[];
  isFirstStep: boolean;
  onClose: () => void;
}) {
  const [form, setForm] = useState<StepForm>(() =>
    target.kind === "edit" ? toForm(target.variant) : target.kind === "new-variant" ? toForm(null, target.step, target.delayDays) : toForm(null, 0, isFirstStep ? 0 : 3),
  );
  const [error, setError] = useState<string | null>(null);
  const add = useAddStep(campaignId);
  const update = useUpdateStep();
  const notify = useToast();
  const busy = add.isPending || update.isPending;
  const set = (patch: Partial<StepForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setError(null);
  };
  const setArticle = (patch: Partial<StepForm["article"]>) => set({ article: { ...form.article, ...patch } });

  const title =
    target.kind === "edit" ? `Edit step ${target.variant.step}, variant ${target.variant.variant}` : target.kind === "new-variant" ? `Add a variant to step ${target.step}` : isFirstStep ? "Add the first step" : "Add a follow-up step";
  const showDelay = target.kind !== "new-variant" && !(target.kind === "new-step" && isFirstStep) && !(target.kind === "edit" && target.variant.step === 1);

  const submit = () => {
    const problem = formProblem(form);
    if (problem) return setError(problem);
    const input = toStepInput(form);
    const handlers = {
      onSuccess: (s: SequenceStep) => {
        notify.success(target.kind === "edit" ? `Saved step ${s.step}, variant ${s.variant}` : `Added step ${s.step}, variant ${s.variant}`);
        onClose();
      },
      onError: (e: AppError) => e.code === "validation" && setError(e.message),
    };
    if (target.kind === "edit") update.mutate({ id: target.variant.id, input }, handlers);
    else add.mutate(input, handlers);
  };

  return (
    <Dialog
      open
      title={title}
      onClose={() => !busy && onClose()}
      size="md"
      testId="step-editor"
      dismissable={!busy}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" form={FORM_ID} className="btn btn--primary" disabled={busy} data-testid="step-save">
            {busy && <Spinner size={14} label="Saving" />}
            {target.kind === "edit" ? "Save variant" : "Add"}
          </button>
        </>
      }
    >
      <form
        id={FORM_ID}
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        {error && (
          <p className="callout callout--danger step-editor__error" role="alert" data-testid="step-error">
            {error}
          </p>
        )}
        <div className="step-editor__row">
          <Field label="Channel">
            {(p) => (
              <select {...p} className="select" value={form.channel} onChange={(e) => set({ channel: e.target.value as StepForm["channel"] })} data-testid="step-channel">
                <option value="email">Email</option>
                <option value="linkedin">LinkedIn message</option>
                <option value="article">Guest article</option>
              </select>
            )}
          </Field>
          <Field label="Weight" hint="Its share of the step's leads, against the other variants.">
            {(p) => <input {...p} className="input input--number" type="number" min={1} value={form.weight} onChange={(e) => set({ weight: e.target.value })} data-testid="step-weight" />}
          </Field>
          {showDelay && (
            <Field label="Days after the previous step">
              {(p) => <input {...p} className="input input--number" type="number" min={0} value={form.delayDays} onChange={(e) => set({ delayDays: e.target.value })} data-testid="step-delay" />}
            </Field>
          )}
        </div>
        <fieldset className="field">
          <legend className="field__label">Written from</legend>
          <div className="segmented" role="radiogroup">
            <label className="segmented__item segmented__item--label">
              <input type="radio" className="visually-hidden" name="source" checked={form.source === "template"} onChange={() => set({ source: "template" })} data-testid="step-source-template" />
              A template
            </label>
            <label className="segmented__item segmented__item--label">
              <input type="radio" className="visually-hidden" name="source" checked={form.source === "ai"} onChange={() => set({ source: "ai" })} data-testid="step-source-ai" />
              An AI prompt
            </label>
          </div>
        </fieldset>
        {form.source === "template" ? (
          <Field label="Template" hint={templates.length === 0 ? "No template yet: create one under Templates first." : "Drafts from it work offline, with no keys."}>
            {(p) => (
              <select {...p} className="select" value={form.templateId ?? ""} onChange={(e) => set({ templateId: e.target.value ? Number(e.target.value) : null })} data-testid="step-template">
                <option value="">Choose a template…</option>
                {templates.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.category ? `${t.category} · ${t.name}` : t.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : (
          <Field label="Instruction for the AI" hint="The lead, its enrichment, the opener and the campaign's service context go with it.">
            {(p) => (
              <textarea {...p} className="input textarea" rows={5} value={form.aiPrompt} onChange={(e) => set({ aiPrompt: e.target.value })} placeholder="A short, friendly first mail about their site's technical SEO…" data-testid="step-prompt" />
            )}
          </Field>
        )}
        {form.channel === "article" && (
          <div className="step-editor__article">
            <Field label="Target URL">
              {(p) => <input {...p} className="input" value={form.article.target_url} onChange={(e) => setArticle({ target_url: e.target.value })} placeholder="https://…" data-testid="step-target-url" />}
            </Field>
            <Field label="Anchor text">
              {(p) => <input {...p} className="input" value={form.article.anchor_text} onChange={(e) => setArticle({ anchor_text: e.target.value })} data-testid="step-anchor" />}
            </Field>
            <div className="step-editor__row">
              <Field label="Min words">
                {(p) => <input {...p} className="input input--number" type="number" min={0} value={form.article.min_words} onChange={(e) => setArticle({ min_words: e.target.value })} />}
              </Field>
              <Field label="Max words">
                {(p) => <input {...p} className="input input--number" type="number" min={0} value={form.article.max_words} onChange={(e) => setArticle({ max_words: e.target.value })} />}
              </Field>
            </div>
            <Field label="Topic">
              {(p) => <input {...p} className="input" value={form.article.topic} onChange={(e) => setArticle({ topic: e.target.value })} data-testid="step-topic" />}
            </Field>
          </div>
        )}
      </form>
    </Dialog>
  );
}
