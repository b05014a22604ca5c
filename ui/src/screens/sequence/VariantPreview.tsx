import { useState } from "react";
import type { Lead } from "../../ipc/bindings/Lead";
import type { SequenceStep } from "../../ipc/bindings/SequenceStep";
import type { Template } from "../../ipc/bindings/Template";
import { EmptyVariablesList } from "../../components/drafts/EmptyVariablesList";
import { LeadPicker } from "../../components/drafts/LeadPicker";
import { RenderPreview } from "../../components/drafts/RenderPreview";
import { useEmptyVariables, useTemplatePreview } from "../../hooks/templates";

/** A template variant written for one enrolled lead, and the variables the campaign's leads leave empty. */
export function VariantPreview({ workspaceId, variant, template }: { workspaceId: number; variant: SequenceStep; template: Template | undefined }) {
  const [lead, setLead] = useState<Lead | null>(null);
  const subject = template?.subject ?? "";
  const body = template?.body ?? "";
  const preview = useTemplatePreview(template && lead ? lead.id : null, subject, body, variant.campaign_id);
  const empty = useEmptyVariables(template ? variant.campaign_id : null, subject, body);
  if (!template) {
    return (
      <div className="variant-preview" data-testid={`variant-preview-${variant.id}`}>
        <p className="text-muted">AI variants are written per lead when the campaign is drafted; their drafts appear in Review.</p>
        {variant.ai_prompt && <pre className="mail-text variant-preview__prompt">{variant.ai_prompt}</pre>}
      </div>
    );
  }
  return (
    <div className="variant-preview" data-testid={`variant-preview-${variant.id}`}>
      <div className="variant-preview__col">
        <h4 className="lead-section__title">Preview for an enrolled lead</h4>
        <LeadPicker workspaceId={workspaceId} campaignId={variant.campaign_id} selected={lead} onSelect={setLead} testId={`variant-lead-${variant.id}`} />
        {lead ? <RenderPreview preview={preview.data} error={preview.error} loading={preview.isFetching} testId={`variant-render-${variant.id}`} /> : <p className="text-muted">Choose a lead of this campaign.</p>}
      </div>
      <div className="variant-preview__col">
        <h4 className="lead-section__title">Variables that would render empty</h4>
        <EmptyVariablesList list={empty.data} loading={empty.isFetching} testId={`variant-empty-${variant.id}`} />
      </div>
    </div>
  );
}
