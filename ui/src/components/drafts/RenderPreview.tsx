import type { TemplatePreview } from "../../ipc/bindings/TemplatePreview";
import { describeError, type AppError } from "../../ipc/errors";
import { Spinner } from "../Spinner";
import { HoleText } from "./HoleText";
import { QcChips } from "./QcChips";

/** A template rendered for one lead: subject and body with holes marked, its QC as chips. */
export function RenderPreview({
  preview,
  error,
  loading,
  testId = "template-preview",
}: {
  preview: TemplatePreview | undefined;
  error: AppError | null;
  loading: boolean;
  testId?: string;
}) {
  if (error) return <p className="callout callout--danger" data-testid={`${testId}-error`}>{describeError(error)}</p>;
  if (!preview) return loading ? <Spinner size={14} label="Rendering" /> : null;
  return (
    <div className="render-preview" data-testid={testId}>
      <div className="render-preview__meta">
        <span className="text-muted">To {preview.lead_email ?? "a lead with no address"}</span>
        <QcChips qc={preview.qc} testId={`${testId}-qc`} />
      </div>
      <div className="mail-subject" data-testid={`${testId}-subject`}>
        <HoleText text={preview.subject} />
      </div>
      <pre className="mail-text" data-testid={`${testId}-body`}>
        <HoleText text={preview.body} />
      </pre>
      {(preview.holes.length > 0 || preview.fallbacks.length > 0) && (
        <p className="field__hint">
          {preview.holes.length > 0 && <>No value for {preview.holes.join(", ")} (shown as holes). </>}
          {preview.fallbacks.length > 0 && <>Fallbacks used for {preview.fallbacks.join(", ")}.</>}
        </p>
      )}
    </div>
  );
}
