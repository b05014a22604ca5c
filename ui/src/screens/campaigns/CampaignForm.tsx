import { useId, useState, type FormEvent } from "react";
import type { Campaign } from "../../ipc/bindings/Campaign";
import type { CampaignInput } from "../../ipc/bindings/CampaignInput";
import type { CampaignKind } from "../../ipc/bindings/CampaignKind";
import type { ServiceContext } from "../../ipc/bindings/ServiceContext";
import { Field } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { KeywordChips } from "./KeywordChips";

export const KIND_LABEL: Record<CampaignKind, string> = { cold_email: "Cold email", backlink: "Backlink outreach" };

const CONTEXT_FIELDS: { key: keyof ServiceContext; label: string; hint: string; multiline?: boolean }[] = [
  { key: "core_offer", label: "Core offer", hint: "What you sell, in one or two sentences.", multiline: true },
  { key: "key_differentiator", label: "Key differentiator", hint: "Why you rather than anyone else.", multiline: true },
  { key: "call_to_action", label: "Call to action", hint: "The one thing a reader should do next, e.g. book a 15-minute call." },
  { key: "timeline", label: "Timeline", hint: "How soon results show, or how long the engagement runs." },
  { key: "goal", label: "Goal", hint: "What success looks like for this campaign." },
  { key: "fallback_action", label: "Fallback action", hint: "What to offer when the answer is “not now”." },
];

const EMPTY_CONTEXT: ServiceContext = { core_offer: "", key_differentiator: "", call_to_action: "", timeline: "", goal: "", fallback_action: "" };

export function toInput(c?: Campaign): CampaignInput {
  return c
    ? { name: c.name, kind: c.kind, keywords: [...c.keywords], description: c.description, context: { ...c.context } }
    : { name: "", kind: "cold_email", keywords: [], description: "", context: { ...EMPTY_CONTEXT } };
}

export type FormErrors = { name?: string | null; form?: string | null };

export function CampaignForm({
  formId,
  initial,
  errors,
  onSubmit,
  onEdit,
}: {
  formId: string;
  initial: CampaignInput;
  errors: FormErrors;
  onSubmit: (input: CampaignInput) => void;
  onEdit: () => void;
}) {
  const [input, setInput] = useState(initial);
  const [nameError, setNameError] = useState<string | null>(null);
  const keywordsId = useId();
  const kindName = useId();

  const set = (patch: Partial<CampaignInput>) => {
    setInput((i) => ({ ...i, ...patch }));
    onEdit();
  };
  const setContext = (key: keyof ServiceContext, value: string) => set({ context: { ...input.context, [key]: value } });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!input.name.trim()) {
      setNameError("Give the campaign a name.");
      return;
    }
    onSubmit({ ...input, name: input.name.trim() });
  };

  return (
    <form id={formId} className="campaign-form" onSubmit={submit} noValidate data-testid="campaign-form">
      {errors.form && (
        <div className="callout callout--danger" role="alert">
          <Icon name="alert-circle" />
          {errors.form}
        </div>
      )}
      <Field label="Name" error={nameError ?? errors.name}>
        {(control) => (
          <input
            {...control}
            className="input"
            value={input.name}
            maxLength={120}
            autoFocus
            onChange={(e) => {
              setNameError(null);
              set({ name: e.target.value });
            }}
            data-testid="campaign-name"
          />
        )}
      </Field>
      <fieldset className="field">
        <legend className="field__label">Kind</legend>
        <div className="segmented" role="radiogroup">
          {(Object.keys(KIND_LABEL) as CampaignKind[]).map((k) => (
            <label key={k} className="segmented__item segmented__item--label">
              <input type="radio" name={kindName} value={k} checked={input.kind === k} onChange={() => set({ kind: k })} className="visually-hidden" />
              {KIND_LABEL[k]}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label className="field__label" htmlFor={keywordsId}>
          Keywords
        </label>
        <KeywordChips id={keywordsId} value={input.keywords} onChange={(keywords) => set({ keywords })} />
        <div className="field__hint">Topics and search terms that describe who this campaign is for.</div>
      </div>
      <Field label="Description">
        {(control) => <textarea {...control} className="input textarea" rows={3} value={input.description} onChange={(e) => set({ description: e.target.value })} />}
      </Field>
      <div className="form-section">
        <h3 className="form-section__title">Service context</h3>
        <p className="text-muted">Every message in this campaign is written from these answers.</p>
      </div>
      {CONTEXT_FIELDS.map((f) => (
        <Field key={f.key} label={f.label} hint={f.hint}>
          {(control) =>
            f.multiline ? (
              <textarea {...control} className="input textarea" rows={2} value={input.context[f.key]} onChange={(e) => setContext(f.key, e.target.value)} data-testid={`campaign-${f.key}`} />
            ) : (
              <input {...control} className="input" value={input.context[f.key]} onChange={(e) => setContext(f.key, e.target.value)} data-testid={`campaign-${f.key}`} />
            )
          }
        </Field>
      ))}
    </form>
  );
}
