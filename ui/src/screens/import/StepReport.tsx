import { ImportReportView } from "../../components/import-report/ImportReportView";
import { EmptyState } from "../../components/EmptyState";
import { Icon } from "../../components/Icon";
import { SkeletonRows } from "../../components/Spinner";
import { useImportReport } from "../../hooks/imports";
import { describeError } from "../../ipc/errors";
import { plural } from "../../lib/format";

/** Step 4: the import's outcome and where to go next. */
export function StepReport({ importId, onViewLeads, onAnother }: { importId: number; onViewLeads: () => void; onAnother: () => void }) {
  const report = useImportReport(importId);

  if (report.isPending) return <SkeletonRows rows={5} label="Loading the report" />;
  if (report.isError) {
    return (
      <EmptyState icon="alert-triangle" title="The report could not be loaded" actions={<button type="button" className="btn" onClick={() => void report.refetch()}>Try again</button>}>
        {describeError(report.error)}
      </EmptyState>
    );
  }

  const summary = report.data.import;
  const ended = report.data.job?.status;
  const tone = ended === "failed" ? "danger" : ended === "cancelled" ? "warning" : "success";
  return (
    <div className="step-report" data-testid="wizard-step-report">
      <header className="step-report__head">
        <span className={`step-report__icon step-report__icon--${tone}`} aria-hidden="true">
          <Icon name={tone === "success" ? "check-circle" : "alert-triangle"} size={22} />
        </span>
        <div>
          <h2 className="step-report__title">{summary.file_name}</h2>
          <p className="text-muted">
            {plural(summary.imported, "lead")} added from {plural(summary.total_rows, "row")}.
          </p>
        </div>
      </header>
      <ImportReportView
        report={report.data}
        actions={
          <>
            <button type="button" className="btn btn--primary" onClick={onViewLeads} disabled={summary.imported === 0} data-testid="report-view-leads">
              <Icon name="users" />
              View imported leads
            </button>
            <button type="button" className="btn" onClick={onAnother} data-testid="report-import-another">
              <Icon name="upload" />
              Import another file
            </button>
          </>
        }
      />
    </div>
  );
}
