import { useState } from "react";
import type { Lead } from "../../ipc/bindings/Lead";
import { EmptyVariablesList } from "../../components/drafts/EmptyVariablesList";
import { LeadPicker } from "../../components/drafts/LeadPicker";
import { RenderPreview } from "../../components/drafts/RenderPreview";
import { useCampaigns } from "../../hooks/campaigns";
import { useEmptyVariables, useTemplatePreview } from "../../hooks/templates";

/** The template rendered for a chosen lead, and for a chosen campaign the variables its leads leave empty. */
export function TemplatePreviewPanel({ workspaceId, subject, body, disabled }: { workspaceId: number; subject: string; body: string; disabled: boolean }) {
  const [lead, setLead] = useState<Lead | null>(null);
  const [campaignId, setCampaignId] = useState<number | null>(null);
  const campaigns = useCampaigns(workspaceId);
  const preview = useTemplatePreview(disabled ? null : (lead?.id ?? null), subject, body, campaignId);
  const empty = useEmptyVariables(disabled ? null : campaignId, subject, body);
  return (
    <section className="card tpl-preview" aria-labelledby="preview-title">
      <div className="section-head">
        <h3 id="preview-title" className="section-title">Preview</h3>
        <select
          className="select select--sm"
          aria-label="Campaign for its service context and empty variables"
          value={campaignId ?? ""}
          onChange={(e) => setCampaignId(e.target.value ? Number(e.target.value) : null)}
          data-testid="preview-campaign"
        >
          <option value="">No campaign</option>
          {(campaigns.data ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <LeadPicker workspaceId={workspaceId} selected={lead} onSelect={setLead} />
      {disabled ? (
        <p className="text-muted">Fix the problem above to see the preview.</p>
      ) : lead ? (
        <RenderPreview preview={preview.data} error={preview.error} loading={preview.isFetching} />
      ) : (
        <p className="text-muted">Choose a lead to see this template written for them.</p>
      )}
      {campaignId !== null && !disabled && (
        <div className="tpl-preview__empty">
          <h4 className="lead-section__title">Variables that would render empty in this campaign</h4>
          <EmptyVariablesList list={empty.data} loading={empty.isFetching} />
        </div>
      )}
    </section>
  );
}
