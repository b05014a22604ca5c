import { useState } from "react";
import type { ColumnMapping } from "../../ipc/bindings/ColumnMapping";
import type { ImportPreview } from "../../ipc/bindings/ImportPreview";
import { Icon } from "../../components/Icon";
import { Spinner } from "../../components/Spinner";
import { useCampaigns } from "../../hooks/campaigns";
import { formatCount, placeLabel } from "../../lib/format";
import { FileSummary } from "./FileSummary";
import { MappingEditor } from "./MappingEditor";
import { PreviewTable } from "./PreviewTable";
import { emailColumn, initialMapping } from "./mapping";

export type ImportChoice = { mapping: ColumnMapping[]; campaignId: number | null };

/** Step 2: check what was read, match columns to lead fields, optionally pick a campaign. */
export function StepMapping({
  workspaceId,
  preview,
  reinspecting,
  starting,
  onReinspect,
  onBack,
  onStart,
}: {
  workspaceId: number;
  preview: ImportPreview;
  reinspecting: boolean;
  starting: boolean;
  onReinspect: (change: { sheet?: string; header_row?: number }) => void;
  onBack: () => void;
  onStart: (choice: ImportChoice) => void;
}) {
  const [mapping, setMapping] = useState(() => initialMapping(preview.headers, preview.suggested_mapping));
  const [campaignId, setCampaignId] = useState<number | null>(null);
  const [basedOn, setBasedOn] = useState(preview);
  const campaigns = useCampaigns(workspaceId);

  // A new inspection (other sheet or header row) brings new headers and a new suggestion.
  if (basedOn !== preview) {
    setBasedOn(preview);
    setMapping(initialMapping(preview.headers, preview.suggested_mapping));
  }

  const canImport = emailColumn(mapping) !== undefined && preview.row_count > 0 && !reinspecting;

  return (
    <div className="step-mapping" data-testid="wizard-step-mapping">
      <FileSummary preview={preview} busy={reinspecting} onReinspect={onReinspect} />
      <MappingEditor mapping={mapping} rows={preview.preview} onChange={setMapping} />
      <section aria-labelledby="preview-title">
        <div className="section-head">
          <h3 id="preview-title" className="section-title">
            Preview
          </h3>
          <span className="text-muted">
            First {Math.min(preview.preview.length, 20)} of {formatCount(preview.row_count)} rows
          </span>
        </div>
        {preview.preview.length > 0 ? (
          <PreviewTable
            headers={preview.headers}
            rows={preview.preview}
            lines={preview.preview_lines}
            lineLabel={placeLabel(preview.format)}
            mapping={mapping}
          />
        ) : (
          <div className="callout">No data rows below the header row.</div>
        )}
      </section>
      <div className="wizard-footer">
        <button type="button" className="btn btn--ghost" onClick={onBack} disabled={starting}>
          <Icon name="chevron-left" />
          Choose another file
        </button>
        <div className="wizard-footer__end">
          <label className="inline-field">
            <span>Add to campaign</span>
            <select
              className="select"
              value={campaignId ?? ""}
              onChange={(e) => setCampaignId(e.target.value ? Number(e.target.value) : null)}
              disabled={campaigns.isPending}
              data-testid="wizard-campaign"
            >
              <option value="">No campaign</option>
              {campaigns.data?.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="btn btn--primary"
            disabled={!canImport || starting}
            title={emailColumn(mapping) ? undefined : "Choose which column holds the email address"}
            onClick={() => onStart({ mapping, campaignId })}
            data-testid="wizard-start-import"
          >
            {starting && <Spinner size={14} label="Starting" />}
            Import {formatCount(preview.row_count)} rows
          </button>
        </div>
      </div>
    </div>
  );
}
