import { useMemo, useState } from "react";
import type { Campaign } from "../../ipc/bindings/Campaign";
import type { SequenceStep } from "../../ipc/bindings/SequenceStep";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { EmptyState } from "../../components/EmptyState";
import { Icon } from "../../components/Icon";
import { SkeletonRows } from "../../components/Spinner";
import { useToast } from "../../components/toast/ToastContext";
import { useDeleteStep, useSequence } from "../../hooks/sequences";
import { useTemplates } from "../../hooks/templates";
import { describeError } from "../../ipc/errors";
import { formatCount, plural } from "../../lib/format";
import { useCurrentWorkspace } from "../../state/currentWorkspace";
import { useNavigation } from "../../state/navigation";
import { StepEditor, type EditTarget } from "./StepEditor";
import { VariantPreview } from "./VariantPreview";
import { groupSteps, stepTitle, weightPercent } from "./stepForm";
import "./sequence.css";

const CHANNEL_LABEL = { email: "Email", linkedin: "LinkedIn", article: "Article" } as const;

function excerpt(text: string, max = 90): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Deleting asks the engine first; when drafts of the variant wait it says so, and a second call confirms. */
type Deleting = { variant: SequenceStep; question: string | null };

export function SequenceTab({ campaign }: { campaign: Campaign }) {
  const workspace = useCurrentWorkspace();
  const { navigate } = useNavigation();
  const notify = useToast();
  const sequence = useSequence(campaign.id);
  const templates = useTemplates(workspace.id);
  const remove = useDeleteStep();
  const [editing, setEditing] = useState<EditTarget | null>(null);
  const [previewId, setPreviewId] = useState<number | null>(null);
  const [deleting, setDeleting] = useState<Deleting | null>(null);
  const steps = useMemo(() => groupSteps(sequence.data ?? []), [sequence.data]);
  const templateById = useMemo(() => new Map((templates.data ?? []).map((t) => [t.id, t])), [templates.data]);

  const runDelete = (variant: SequenceStep, confirmed: boolean) =>
    remove.mutate(
      { id: variant.id, confirmed },
      {
        onSuccess: (rejected) => {
          notify.success(`Deleted step ${variant.step}, variant ${variant.variant}`, rejected > 0 ? `${plural(rejected, "draft")} of it were rejected.` : undefined);
          setDeleting(null);
        },
        onError: (e) => {
          if (e.code === "confirmation_needed") setDeleting({ variant, question: e.message });
          else setDeleting(null);
        },
      },
    );

  if (sequence.isPending) return <SkeletonRows rows={5} label="Loading the sequence" />;
  if (sequence.isError) {
    return (
      <EmptyState icon="alert-triangle" title="The sequence could not be loaded">
        {describeError(sequence.error)}
      </EmptyState>
    );
  }

  return (
    <div className="sequence" data-testid="sequence-tab">
      {steps.length === 0 ? (
        <EmptyState
          icon="layers"
          title="No steps yet"
          testId="sequence-empty"
          actions={
            <button type="button" className="btn btn--primary" onClick={() => setEditing({ kind: "new-step", step: 0 })} data-testid="sequence-add-first">
              <Icon name="plus" />
              Add the first step
            </button>
          }
        >
          The first step is the first mail; later steps follow up in the same thread after a number of days. Each step drafts from a template or an AI prompt.
          {templates.data?.length === 0 && (
            <>
              {" "}
              <button type="button" className="link-button" onClick={() => navigate({ screen: "templates" })}>
                Create a template
              </button>{" "}
              to draft offline.
            </>
          )}
        </EmptyState>
      ) : (
        <ol className="sequence__steps">
          {steps.map((s) => (
            <li key={s.step} className="card step-card" data-testid={`step-${s.step}`}>
              <header className="step-card__head">
                <span className="step-card__no">{s.step}</span>
                <h3 className="step-card__title">{stepTitle(s.step, s.delayDays)}</h3>
                <span className="text-muted">{plural(s.variants.length, "variant")}</span>
                <button type="button" className="btn btn--sm step-card__add" onClick={() => setEditing({ kind: "new-variant", step: s.step, delayDays: s.delayDays })} data-testid={`step-${s.step}-add-variant`}>
                  <Icon name="plus" size={14} />
                  Add variant
                </button>
              </header>
              <ul className="variant-list">
                {s.variants.map((v) => (
                  <li key={v.id} className="variant" data-testid={`variant-${v.step}-${v.variant}`}>
                    <div className="variant__row">
                      <span className="variant__label">{v.variant}</span>
                      <span className="variant__weight" title={`Weight ${v.weight}`}>
                        {weightPercent(v, s.variants)}%
                      </span>
                      <span className="badge">{CHANNEL_LABEL[v.channel]}</span>
                      <span className="variant__source min-w-0 truncate">
                        {v.template_id !== null ? (
                          <>
                            <Icon name="file" size={14} /> {v.template_name ?? `Template ${v.template_id}`}
                          </>
                        ) : (
                          <>
                            <Icon name="sparkles" size={14} /> <span className="text-muted">AI: </span>
                            {excerpt(v.ai_prompt ?? "")}
                          </>
                        )}
                        {v.article && <span className="text-muted"> · links {v.article.target_url}</span>}
                      </span>
                      <span className="variant__counts text-muted" data-testid={`variant-counts-${v.id}`}>
                        {plural(v.drafts, "draft")}
                        {v.drafts_waiting > 0 && <> · {formatCount(v.drafts_waiting)} waiting</>}
                      </span>
                      <span className="variant__actions">
                        <button type="button" className={`btn btn--sm${previewId === v.id ? " is-active" : ""}`} onClick={() => setPreviewId(previewId === v.id ? null : v.id)} aria-expanded={previewId === v.id} data-testid={`variant-preview-toggle-${v.id}`}>
                          Preview
                        </button>
                        <button type="button" className="icon-button" aria-label={`Edit step ${v.step} variant ${v.variant}`} onClick={() => setEditing({ kind: "edit", variant: v })} data-testid={`variant-edit-${v.id}`}>
                          <Icon name="pencil" />
                        </button>
                        <button type="button" className="icon-button" aria-label={`Delete step ${v.step} variant ${v.variant}`} onClick={() => setDeleting({ variant: v, question: null })} data-testid={`variant-delete-${v.id}`}>
                          <Icon name="trash" />
                        </button>
                      </span>
                    </div>
                    {previewId === v.id && <VariantPreview workspaceId={workspace.id} variant={v} template={v.template_id !== null ? templateById.get(v.template_id) : undefined} />}
                  </li>
                ))}
              </ul>
            </li>
          ))}
          <li className="sequence__add">
            <button type="button" className="btn" onClick={() => setEditing({ kind: "new-step", step: 0 })} data-testid="sequence-add-step">
              <Icon name="plus" />
              Add a follow-up step
            </button>
          </li>
        </ol>
      )}

      {editing && <StepEditor campaignId={campaign.id} target={editing} templates={templates.data ?? []} isFirstStep={steps.length === 0} onClose={() => setEditing(null)} />}
      <ConfirmDialog
        open={deleting !== null}
        title={deleting ? `Delete step ${deleting.variant.step}, variant ${deleting.variant.variant}?` : ""}
        confirmLabel={deleting?.question ? "Delete and reject its drafts" : "Delete"}
        busy={remove.isPending}
        testId="delete-variant"
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && runDelete(deleting.variant, deleting.question !== null)}
      >
        <p data-testid="delete-variant-text">{deleting?.question ? `${deleting.question.charAt(0).toUpperCase()}${deleting.question.slice(1)}` : "Leads that would get this variant get another variant of the step."}</p>
      </ConfirmDialog>
    </div>
  );
}
